"""Shared helpers of the grading tests: gradebook dumps, a grading course, servers started for a test."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ASSIGNMENT = "vector_calculus"
AUTOGRADER = [sys.executable, "-m", "autograder.cli"]


def gradebook_rows(db_url: str, assignment: str = ASSIGNMENT) -> dict:
    """Everything autograde writes, per student: submission, notebook scores, every grade and comment."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(db_url) as gradebook:
        for submission in gradebook.find_assignment(assignment).submissions:
            student = submission.student_id
            entry = {"timestamp": str(submission.timestamp), "late": submission.total_seconds_late,
                     "score": submission.score, "notebooks": {}}
            for notebook in submission.notebooks:
                entry["notebooks"][notebook.name] = {
                    "score": notebook.score, "late_submission_penalty": notebook.late_submission_penalty,
                    "needs_manual_grade": notebook.needs_manual_grade, "flagged": notebook.flagged,
                    "grades": {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade, g.max_score)
                               for g in notebook.grades},
                    "comments": {c.name: c.auto_comment for c in notebook.comments},
                }
            rows[student] = entry
    return rows


def grade(course_dir: Path, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
    """`autograder grade` as an instructor runs it, in the course directory."""
    result = subprocess.run([*AUTOGRADER, "grade", *args, "--no-progress"], cwd=course_dir, capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"autograder grade {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


def stop_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a process this test started (in its own session) and everything it started."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=timeout)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


import datetime  # noqa: E402

DUE = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
ON_TIME = DUE - datetime.timedelta(days=1)
LATE = DUE + datetime.timedelta(hours=5)


def submit_fixture(course_dir, student: str, fixture_name: str | None, when=ON_TIME, tamper=None):
    """Hand in the full solution changed by a fixture of tests/submissions/vector_calculus (None: correct)."""
    from autograder import coursework, fixtures

    fixture = None
    if fixture_name:
        fixture = fixtures.parse(coursework.REPO / "tests" / "submissions" / ASSIGNMENT / f"{fixture_name}.py")
    nb = coursework.student_notebook(course_dir, ASSIGNMENT, fixture)
    if tamper:
        nb = tamper(nb)
    return coursework.submit(course_dir, student, ASSIGNMENT, nb, when=when)


def delete_and_duplicate_test_cells(nb):
    """Delete one test cell and duplicate another, as a careless student might."""
    import copy

    from autograder.checking.course import nbgrader_meta

    cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != "test_gaussian"]
    index = next(i for i, c in enumerate(cells) if nbgrader_meta(c).get("grade_id") == "test_monkey_saddle")
    cells.insert(index, copy.deepcopy(cells[index]))
    nb.cells = cells
    return nb


def sqlite_url(course_dir) -> str:
    return f"sqlite:///{course_dir / 'gradebook.db'}"
