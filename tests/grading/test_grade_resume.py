"""Resuming: a run killed with SIGKILL leaves only whole submissions behind, and the next run grades
only what is missing; ungradable submissions are recorded and never stop the batch."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from grading_helpers import (ASSIGNMENT, AUTOGRADER, grade, gradebook_rows, sqlite_url, stop_group, submit_fixture,
                             wait_for)

STUDENTS = ["alice", "bob", "carol"]


def _results(course_dir):
    folder = course_dir / "results" / ASSIGNMENT
    return {p.parent.name: p for p in folder.glob(f"*/{ASSIGNMENT}.json")} if folder.exists() else {}


def _assert_no_half_written_submission(course_dir):
    for student, row in gradebook_rows(sqlite_url(course_dir)).items():
        if row["notebooks"][ASSIGNMENT]["flagged"]:  # ungradable: no auto score on purpose
            continue
        grades = row["notebooks"][ASSIGNMENT]["grades"]
        autograded = [g for name, g in grades.items() if name.startswith("test_")]
        assert all(g[0] is not None for g in autograded), f"{student} has a half-written submission"


@pytest.mark.slow
def test_killed_run_resumes_with_what_is_missing(clone_course, tmp_path):
    course_dir = clone_course(tmp_path / "course")
    submit_fixture(course_dir, "alice", None)
    submit_fixture(course_dir, "bob", "central_difference-fail-forward_formula")
    submit_fixture(course_dir, "carol", "gaussian-fail-float32")
    broken = submit_fixture(course_dir, "zed", None)
    (broken / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [')
    renamed = submit_fixture(course_dir, "yan", None)
    (renamed / f"{ASSIGNMENT}.ipynb").rename(renamed / "my_homework.ipynb")

    # First run: one worker, killed (the whole process group, SIGKILL) once two results are in.
    run = subprocess.Popen([*AUTOGRADER, "grade", ASSIGNMENT, "--jobs", "1", "--no-progress"], cwd=course_dir,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: len(_results(course_dir)) >= 2, 300, "two recorded submissions")
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        stop_group(run)
    _assert_no_half_written_submission(course_dir)
    before = {s: p.stat().st_mtime_ns for s, p in _results(course_dir).items()}
    assert 2 <= len(before) < 5

    # Second run: only what is missing.
    result = grade(course_dir, ASSIGNMENT, "--jobs", "2")
    assert f"5 submissions found, {len(before)} already graded (skipped)" in result.stdout
    after = _results(course_dir)
    assert sorted(after) == ["alice", "bob", "carol", "yan", "zed"]
    assert {s: after[s].stat().st_mtime_ns for s in before} == before  # not regraded
    rows = gradebook_rows(sqlite_url(course_dir))
    assert rows["alice"]["score"] == 28.0 and rows["bob"]["score"] == 25.5
    _assert_no_half_written_submission(course_dir)

    # An ungradable submission is recorded with its reason, no auto score, flagged, waiting for a
    # person, as autograder.nbgrader_plugin.submission_hooks records it under nbgrader; a renamed notebook is graded.
    record = json.loads(after["zed"].read_text())
    assert record["status"] == "ungradable" and "is not valid JSON" in record["reason"]
    notebook = rows["zed"]["notebooks"][ASSIGNMENT]
    assert all(g[0] is None and g[2] is True for g in notebook["grades"].values())
    assert notebook["flagged"] is True
    assert all(c.startswith("Not graded automatically:") for c in notebook["comments"].values())
    assert "Not graded automatically" in (course_dir / "autograded" / "zed" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "ungradable zed" in result.stdout
    assert rows["yan"]["score"] == 28.0
    assert "submitted as 'my_homework.ipynb'" in (course_dir / "autograded" / "yan" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()

    # Third run: nothing to do.
    result = grade(course_dir, ASSIGNMENT)
    assert "5 submissions found, 5 already graded (skipped), 0 graded" in result.stdout

    # A resubmission is graded again, and only it; --force regrades what it is told to.
    submit_fixture(course_dir, "bob", None)
    result = grade(course_dir, ASSIGNMENT)
    assert "4 already graded (skipped), 1 graded" in result.stdout
    assert gradebook_rows(sqlite_url(course_dir))["bob"]["score"] == 28.0
    result = grade(course_dir, ASSIGNMENT, "--force", "--student", "a*")
    assert "1 submissions found, 0 already graded (skipped), 1 graded" in result.stdout


def test_a_failing_record_leaves_no_rows(clone_course, tmp_path):
    """nbgrader's gradebook calls commit row by row; in the writer they are one transaction."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.grading.writer import one_transaction

    course_dir = clone_course(tmp_path / "course")
    with Gradebook(sqlite_url(course_dir)) as gradebook:
        with pytest.raises(RuntimeError):
            with one_transaction(gradebook):
                gradebook.update_or_create_student("mallory")
                gradebook.update_or_create_submission(ASSIGNMENT, "mallory")
                gradebook.find_submission(ASSIGNMENT, "mallory")  # visible inside the transaction
                raise RuntimeError("the writer failed half-way")
    with Gradebook(sqlite_url(course_dir)) as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_student("mallory")
        assert gradebook.find_assignment(ASSIGNMENT).submissions == []


def test_sigkill_inside_a_transaction_leaves_no_rows(clone_course, tmp_path):
    from nbgrader.api import Gradebook, MissingEntry

    course_dir = clone_course(tmp_path / "course")
    script = textwrap.dedent(f"""
        import sys, time
        from nbgrader.api import Gradebook
        from autograder.grading.writer import one_transaction
        gradebook = Gradebook({sqlite_url(course_dir)!r})
        with one_transaction(gradebook):
            gradebook.update_or_create_student("mallory")
            gradebook.update_or_create_submission({ASSIGNMENT!r}, "mallory")
            print("written", flush=True)
            time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "written"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop_group(process)
    with Gradebook(sqlite_url(course_dir)) as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_student("mallory")
        assert gradebook.find_assignment(ASSIGNMENT).submissions == []
