"""``autograder demo``: the whole course workflow on bundled sample submissions.

In ``demo-output/course`` (a real nbgrader course using this repository's assignments and
configuration): release every assignment, hand in submissions for ten sample students built from
the fixture submissions (correct ones, common mistakes, hostile ones), autograde them with the stock
``nbgrader autograde`` into an SQLite gradebook, generate feedback, export grades, and print a
score table and where each output is.
"""
from __future__ import annotations

import itertools
import shutil
import time
from pathlib import Path

from autograder import coursework, fixtures
from autograder.checking.course import CHECKS_DIR, Course

STUDENTS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]


def register(subparsers):
    p = subparsers.add_parser("demo", help="run the whole course workflow on sample submissions (demo-output/)")
    p.add_argument("--output", default="demo-output", help="where the demo course is created (replaced if present)")
    p.add_argument("--assignments", nargs="*", help="assignments to include (default: every one with hidden checks)")
    p.set_defaults(run=run)


def sample_plan(assignment: str) -> dict:
    """Student -> fixture (None = the full correct solution): alice is always correct, the hostile
    fixtures go first so every demo shows them, then mistakes and correct alternatives."""
    found = fixtures.discover(coursework.REPO / "tests" / "submissions" / assignment)
    hostile = [f for f in found if "hostile" in f.name]
    mistakes = [f for f in found if f.outcome == "fail" and f.mistakes and f not in hostile]
    passes = [f for f in found if f.outcome == "pass"]
    ordered = hostile[:1] + list(itertools.chain.from_iterable(itertools.zip_longest(mistakes, passes)))
    ordered = [f for f in ordered if f is not None]
    return {student: (ordered[i - 1] if 0 < i <= len(ordered) else None) for i, student in enumerate(STUDENTS)}


def run(args) -> int:
    root = Path(args.output).resolve()
    if root.exists():
        shutil.rmtree(root)
    course_dir = coursework.make_course(root / "course")
    course = Course(course_dir, "assignments")
    assignments = args.assignments or [a for a in course.assignments() if (CHECKS_DIR / a).is_dir()]
    started = time.monotonic()
    plans = {}
    for assignment in assignments:
        print(f"[demo] releasing {assignment}")
        coursework.nbgrader(course_dir, "generate_assignment", assignment, "--create")
        plans[assignment] = sample_plan(assignment)
        for student, fixture in plans[assignment].items():
            coursework.submit(course_dir, student, assignment, coursework.student_notebook(course_dir, assignment, fixture))
        print(f"[demo] autograding {len(STUDENTS)} submissions of {assignment} with nbgrader autograde")
        coursework.nbgrader(course_dir, "autograde", assignment)
        coursework.nbgrader(course_dir, "generate_feedback", assignment)
    coursework.nbgrader(course_dir, "export", "--to", str(root / "grades.csv"))
    for assignment in assignments:  # the instructor's report and the per-question / Canvas exports
        autograder_command(course_dir, "report", assignment, "--quiet")
    autograder_command(course_dir, "export", *assignments)
    print_scores(course_dir, assignments, plans)
    print(f"\n[demo] done in {time.monotonic() - started:.0f} s. Where things are:")
    for label, path in [("course directory", course_dir), ("released notebooks", course_dir / "release"),
                        ("submissions", course_dir / "submitted"), ("autograded notebooks", course_dir / "autograded"),
                        ("student feedback (HTML)", course_dir / "feedback"), ("gradebook (SQLite)", course_dir / "gradebook.db"),
                        ("full check results (instructor)", course_dir / "results"), ("grades CSV (nbgrader export)", root / "grades.csv"),
                        ("class reports (HTML + text)", course_dir / "reports"),
                        ("per-question and Canvas CSVs", course_dir / "exports")]:
        print(f"  {label:32} {path}")
    return 0


def autograder_command(course_dir: Path, *args: str) -> None:
    from autograder import cli
    code = cli.main(["--root", str(course_dir), *args])
    if code:
        raise RuntimeError(f"autograder {' '.join(args)} failed with exit status {code}")


def print_scores(course_dir: Path, assignments: list, plans: dict) -> None:
    from nbgrader.api import Gradebook

    print()
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for assignment in assignments:
            print(f"{assignment}  (autograded points / autograded max; manual cells wait for the formgrader)")
            for student in STUDENTS:
                notebook = gradebook.find_submission_notebook(assignment, assignment, student)
                auto = [g for g in notebook.grades if g.auto_score is not None]
                score = sum(g.score for g in auto)
                top = sum(g.max_score for g in auto)
                fixture = plans[assignment][student]
                lost = ", ".join(f"{g.name} {g.score:g}/{g.max_score:g}" for g in auto if g.score < g.max_score)
                print(f"  {student:6} {score:5.1f} / {top:<4g} {fixture.name if fixture else 'full solution':55} {lost}")
            print()
