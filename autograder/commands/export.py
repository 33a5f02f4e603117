"""``autograder export ASSIGNMENT ...``: per-question CSVs and a Canvas gradebook CSV.

``nbgrader export`` (one total per student and assignment, missing = 0) keeps working as before;
these exports add what it lacks: every cell's score, the late penalty, the manual-grading flag,
and missing/ungradable students marked as such instead of 0.
"""
from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers):
    p = subparsers.add_parser(
        "export", help="per-question CSV and Canvas gradebook CSV (missing students marked missing, not 0)",
        description="Write exports/ASSIGNMENT-per-question.csv for each assignment and exports/canvas-gradebook.csv "
                    "with one column per assignment.")
    p.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    p.add_argument("--to", help="directory for the CSV files (default: exports/ under the course root)")
    p.add_argument("--canvas-id", action="append", default=[], metavar="ASSIGNMENT=ID",
                   help="the Canvas assignment id, so the column is 'ASSIGNMENT (ID)' and updates that assignment")
    p.add_argument("--roster", help="CSV with columns lms_id,student_id (Canvas user ids), when the gradebook "
                                    "has no lms_user_id")
    p.add_argument("--include-provisional", action="store_true",
                   help="put totals of submissions still waiting for manual grading into the Canvas file too")
    p.set_defaults(run=run)


def run(args) -> int:
    from autograder.reporting import collect, exports

    root = Path(args.root).resolve()
    target = Path(args.to) if args.to else root / "exports"
    canvas_ids = {}
    for item in args.canvas_id:
        name, _, value = item.partition("=")
        if not value:
            print(f"autograder export: --canvas-id wants ASSIGNMENT=ID, got {item!r}", file=sys.stderr)
            return 2
        canvas_ids[name] = value
    try:
        records = [collect.load(root, a) for a in args.assignments]
        roster = exports.load_roster(args.roster)
    except (collect.ReportError, ValueError, OSError) as exc:
        print(f"autograder export: {exc}", file=sys.stderr)
        return 2
    for record in records:
        path = exports.write_per_question(record, target / f"{record.assignment}-per-question.csv")
        counts = {s: len(record.by_status(s)) for s in ("graded", "ungradable", "missing")}
        pending = sum(1 for r in record.rows if r.needs_manual and r.status == "graded")
        print(f"{path}: {counts['graded']} graded ({pending} still need manual grading), "
              f"{counts['ungradable']} ungradable, {counts['missing']} missing")
    path, warnings = exports.write_canvas(records, target / "canvas-gradebook.csv", canvas_ids, roster,
                                          args.include_provisional)
    print(f"{path}: Canvas gradebook import ({', '.join(r.assignment for r in records)})")
    for warning in warnings:
        print(f"  note: {warning}")
    return 0
