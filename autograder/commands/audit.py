"""``autograder audit ASSIGNMENT``: reference full marks, stub zero, fixtures as their names say."""
from __future__ import annotations

import os

from autograder import audit, settings
from autograder.checking.seeding import SECRET_ENV
from autograder.checking.course import Course


def register(subparsers):
    p = subparsers.add_parser("audit", help="run the hidden checks against the reference, the stub and every fixture",
                              description="Exit status 1 if any submission scores other than expected.")
    p.add_argument("assignments", nargs="*", help="assignments to audit (default: all)")
    p.add_argument("--isolation", choices=["auto", "bwrap", "process"], default="")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at a time (default: cores)")
    p.set_defaults(run=run)


def run(args) -> int:
    config = settings.load_nbgrader_config(args.root)
    course = Course(args.root, config.get("CourseDirectory", {}).get("source_directory", "assignments"))
    grading = settings.make_settings(args.root, config, isolation=args.isolation, secret=os.environ.get(SECRET_ENV) or "audit")  # vary it to audit other seeds
    failed = 0
    for assignment in args.assignments or course.assignments():
        rows = audit.run(course, assignment, grading, jobs=args.jobs)
        print(f"== {assignment}")
        print(audit.table(rows))
        failed += sum(not r.ok for r in rows)
    return 1 if failed else 0
