"""``autograder check ASSIGNMENT NOTEBOOK``: grade one notebook, no gradebook involved."""
from __future__ import annotations

import json

import nbformat

from autograder import settings
from autograder.checking import report
from autograder.checking.course import Course


def register(subparsers):
    p = subparsers.add_parser("check", help="grade one notebook and print the per-cell report",
                              description="Grade one notebook in the sandbox without touching the gradebook.")
    p.add_argument("assignment")
    p.add_argument("notebook", help="path to the .ipynb to grade")
    p.add_argument("--student", default="student", help="student id (decides the seeded hidden inputs)")
    p.add_argument("--seed", type=int, help="replay this seed instead of deriving it from the student id")
    p.add_argument("--json", action="store_true", help="print per test cell: score, max, and each check's outcome")
    p.add_argument("--instructor", action="store_true", help="include instructor-only details in the text report")
    p.add_argument("--isolation", choices=["auto", "bwrap", "process"], default="")
    p.set_defaults(run=run)


def run(args) -> int:
    from autograder.checking.grade import grade_notebook

    config = settings.load_nbgrader_config(args.root)
    course = Course(args.root, config.get("CourseDirectory", {}).get("source_directory", "assignments"))
    grading = settings.make_settings(args.root, config, isolation=args.isolation, seed=args.seed)
    nb = nbformat.read(args.notebook, as_version=4)
    graded = grade_notebook(nb, args.assignment, args.student, course, grading)
    if args.json:
        print(json.dumps({
            "assignment": args.assignment, "student": args.student, "points": graded.points,
            "max_points": graded.max_points, "isolation": graded.isolation, "faults": graded.faults,
            "cells": [{"grade_id": r.grade_id, "score": r.points, "max": r.max_points, "seed": r.seed,
                       "problem": r.problem,
                       "checks": [{"name": c.name, "passed": c.passed, "points": c.points, "max": c.max_points,
                                   "message": c.message, "mistake": c.mistake["id"] if c.mistake else None}
                                  for c in r.checks]} for r in graded.results],
        }, indent=1))
        return 0
    for result in graded.results:
        print(report.cell_report(result, instructor=args.instructor))
    print(report.summary_table(graded.results))
    print(graded.isolation)
    return 0
