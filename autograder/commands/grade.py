"""``autograder grade ASSIGNMENT``: grade every submission into the gradebook, in parallel.

Same scores, feedback and gradebook rows as ``nbgrader autograde``; N warm workers (default: the
number of cores) or an existing Dask cluster (``--scheduler``); resumable (an interrupted run,
started again, grades only what is missing); the gradebook is written from this process only.
"""
from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers):
    p = subparsers.add_parser(
        "grade", help="grade every submission of an assignment into the gradebook, in parallel",
        description="Grade every submitted notebook of ASSIGNMENT into the nbgrader gradebook: the same scores, "
                    "feedback and gradebook rows as `nbgrader autograde`, N submissions at a time. Submissions "
                    "already graded (results and autograded notebook newer than the submission, scores in the "
                    "gradebook) are skipped unless --force.")
    p.add_argument("assignment")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: the number of cores)")
    p.add_argument("--student", default="*", help="only students whose id matches this glob pattern (default: all)")
    p.add_argument("--force", action="store_true", help="regrade submissions that are already graded")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on an existing Dask distributed cluster (tcp://HOST:PORT) instead of local workers")
    p.add_argument("--db-url", help="gradebook URL (default: c.CourseDirectory.db_url in nbgrader_config.py), "
                                    "e.g. postgresql+psycopg://user@host/db")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    p.add_argument("--json", metavar="PATH", help="also write the summary as JSON to PATH")
    p.set_defaults(run=run)


def run(args) -> int:
    import json

    from rich.console import Console

    from autograder.grading.batch import GradingError, Options
    from autograder.grading.batch import run as run_batch

    console = Console(stderr=True)
    options = Options(root=Path(args.root), assignment=args.assignment, jobs=args.jobs or None, student=args.student,
                      force=args.force, scheduler=args.scheduler, db_url=args.db_url, progress=args.progress)
    try:
        summary = run_batch(options, console)
    except GradingError as exc:
        print(f"autograder grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nautograder grade: interrupted. What was recorded stays; run the same command again to grade "
              "the rest.", file=sys.stderr)
        return 130
    print_summary(summary)
    if args.json:
        Path(args.json).write_text(json.dumps(summary.to_dict(), indent=1, default=str))
    return 1 if summary.failed else 0


def print_summary(summary) -> None:
    n = summary.processed
    print(f"{summary.assignment}: {summary.found} submissions found, {summary.skipped} already graded (skipped), "
          f"{summary.graded} graded, {len(summary.ungradable)} ungradable, {len(summary.failed)} failed")
    if n:
        worker = sum(summary.worker_seconds) / len(summary.worker_seconds) if summary.worker_seconds else 0.0
        print(f"  {summary.seconds:.1f} s on {summary.backend}: {summary.seconds / n:.3f} s per submission "
              f"({60 * n / summary.seconds:.0f} per minute); each took {worker:.2f} s on its worker; "
              f"recording took {1000 * summary.writer_seconds / n:.0f} ms per submission")
    for student, reason in sorted(summary.ungradable.items())[:20]:
        print(f"  ungradable {student}: {reason}")
    for student, error in sorted(summary.failed.items())[:20]:
        print(f"  FAILED {student}: {error} (not recorded; run again to retry)")
    if len(summary.ungradable) + len(summary.failed) > 40:
        print("  ... (the results JSON of each submission has the full reason)")
