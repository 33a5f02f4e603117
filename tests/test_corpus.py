"""The corpus of hostile and broken submissions, graded in ONE run of the real ``nbgrader autograde``.

Every case of ``tests/corpus/<group>/`` and every format fault of ``tests/test_notebook_faults.py`` is
handed in by a student of its own, with two well-behaved students graded first and last. The run must
end normally, every case must score exactly as its header says (or be recorded as ungradable with its
reason), the well-behaved students' gradebook rows must hash the same as in a run without the corpus,
no process may outlive the run, and no escape may succeed (a canary file, a 127.0.0.1 listener). The
summary is printed (``pytest -m slow tests/test_corpus.py -s``) and written to
``test-artifacts/corpus-summary.txt``. Building, watching and reading the batch: tests/corpus_batch.py.

The second half kills a run with SIGKILL halfway and runs it again, and grades a submission twice.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder import coursework, fixtures
from corpus_batch import (ASSIGNMENT, BATCH_LIMITS, CANARY, GROUPS, REPO, WELL_BEHAVED, Watch, correct, corpus_cases,
                          gradebook_rows, judge, loopback_listener, make_batch_course, place, result_record, row_hash,
                          run_nbgrader, summarize)
from test_notebook_faults import FORMAT_CASES

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Non-unique cell id")]  # duplicated on purpose
# ---------------------------------------------------------------------------------- the batch
@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    reference = make_batch_course(tmp_path_factory.mktemp("well-behaved-only"), BATCH_LIMITS)
    for student in WELL_BEHAVED:
        place(reference, student, {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(reference)).encode()})
    assert run_nbgrader(reference, "autograde", ASSIGNMENT).returncode == 0
    clean_rows = gradebook_rows(reference)

    course_dir = make_batch_course(tmp_path_factory.mktemp("corpus"), BATCH_LIMITS)
    (course_dir / "escape-canary.txt").write_text(CANARY)
    server, hits = loopback_listener()
    tokens = {"__COURSE_DIR__": str(course_dir), "__REPO__": str(REPO), "__LOOPBACK_PORT__": str(server.getsockname()[1])}
    cases = corpus_cases(course_dir, tokens)
    for student in WELL_BEHAVED:
        place(course_dir, student, {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(course_dir)).encode()})
    for case in cases:
        place(course_dir, case.student, case.files)
    with Watch() as watch:
        start, load_before = time.monotonic(), os.getloadavg()[1]
        result = run_nbgrader(course_dir, "autograde", ASSIGNMENT)
        seconds, load = time.monotonic() - start, (load_before + os.getloadavg()[1]) / 2
        left = watch.left_behind()
    server.close()
    rows = gradebook_rows(course_dir)
    outcome = {
        "course": course_dir, "cases": cases, "result": result, "seconds": seconds, "load": load, "rows": rows,
        "clean_rows": clean_rows, "left": left, "hits": hits, "watch": watch,
        "records": {s: result_record(course_dir, s) for s in [c.student for c in cases] + list(WELL_BEHAVED)},
    }
    outcome["summary"] = summarize(outcome)
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "corpus-summary.txt").write_text(outcome["summary"])
    (artifacts / "corpus-nbgrader.log").write_text(result.stdout + result.stderr)
    print("\n" + outcome["summary"])
    return outcome


def test_the_batch_ends_normally_and_loses_nothing(batch):
    assert batch["result"].returncode == 0, batch["result"].stderr[-3000:]
    for case in batch["cases"]:
        assert case.student in batch["rows"] and batch["records"][case.student] is not None, case.student


@pytest.mark.parametrize("group", GROUPS)
def test_every_case_scores_exactly_as_expected(batch, group):
    misses = [f"{c.name}: {why}" for c in batch["cases"] if c.group == group
              for ok, why in [judge(c, batch["rows"], batch["records"].get(c.student))] if not ok]
    assert misses == []


def test_other_students_rows_are_unchanged(batch):
    for student in WELL_BEHAVED:
        assert row_hash(batch["rows"][student]) == row_hash(batch["clean_rows"][student])


def test_no_process_is_left_behind_and_no_escape_succeeds(batch):
    assert batch["left"] == []
    assert batch["hits"] == []
    assert (batch["course"] / "escape-canary.txt").read_text() == CANARY


def test_huge_output_is_stored_capped_and_marked(batch):
    sizes = {p.parent.parent.name: p.stat().st_size for p in (batch["course"] / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb")}
    assert max(sizes.values()) < 4 * 2**20, max(sizes.items(), key=lambda kv: kv[1])
    huge = batch["course"] / "autograded" / "resource-classify_critical_point-pass-huge_output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert "output truncated by the autograder" in huge.read_text()


# ---------------------------------------------------------------------------------- killed halfway, resumed
RESUME_STUDENTS = {
    "s1-correct": None,
    "s2-forward-formula": "tests/submissions/vector_calculus/central_difference-fail-forward_formula.py",
    "s3-endless-loop": "tests/corpus/resource/gaussian-fail-endless_loop_in_the_function.py",
    "s4-correct": None,
    "s5-invalid-json": "invalid_json",
    "s6-h-instead-of-2h": "tests/submissions/vector_calculus/central_difference-fail-h_instead_of_2h.py",
}
RESUME_LIMITS = {**BATCH_LIMITS, "submission_seconds": 60}


def _resume_course(directory: Path) -> Path:
    course_dir = make_batch_course(directory, RESUME_LIMITS)
    for student, source in RESUME_STUDENTS.items():
        if source is None:
            files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(course_dir)).encode()}
        elif source in FORMAT_CASES:
            files = FORMAT_CASES[source][0](correct(course_dir))
        else:
            nb = coursework.student_notebook(course_dir, ASSIGNMENT, fixtures.parse(REPO / source))
            files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(nb).encode()}
        place(course_dir, student, files)
    return course_dir


def _autograde_in_background(course_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.Popen([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT], cwd=course_dir,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _graded_state(course_dir: Path) -> dict:
    return {"rows": gradebook_rows(course_dir),
            "feedback": {p.relative_to(course_dir): p.read_bytes() for p in (course_dir / "feedback").rglob("*.html")},
            "notebooks": {p.relative_to(course_dir): p.read_bytes()
                          for p in (course_dir / "autograded").rglob("*.ipynb")}}


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory):
    """The resume course graded by one uninterrupted run, with feedback: (course, its state)."""
    course_dir = _resume_course(tmp_path_factory.mktemp("uninterrupted"))
    assert run_nbgrader(course_dir, "autograde", ASSIGNMENT).returncode == 0
    assert run_nbgrader(course_dir, "generate_feedback", ASSIGNMENT).returncode == 0
    return course_dir, _graded_state(course_dir)


def test_a_run_killed_halfway_resumes_to_the_same_gradebook(tmp_path_factory, graded_once):
    expected = graded_once[1]["rows"]

    course_dir = _resume_course(tmp_path_factory.mktemp("killed"))
    victim = "s3-endless-loop"  # grading it takes several seconds: the kill lands in the middle of it
    marker = course_dir / "results" / ASSIGNMENT / victim / ".grading"
    with Watch() as watch:
        run = _autograde_in_background(course_dir)
        deadline = time.monotonic() + 600
        while not marker.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal.SIGKILL)
        run.communicate()
        time.sleep(0.5)
        assert watch.left_behind() == []  # the sandboxes died with the grader
    finished = {s: (course_dir / "autograded" / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns
                for s in ("s1-correct", "s2-forward-formula")}
    assert marker.exists() and not (course_dir / "results" / ASSIGNMENT / "s4-correct").exists()

    resumed = run_nbgrader(course_dir, "autograde", ASSIGNMENT)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    log = resumed.stdout + resumed.stderr
    assert f"{victim}/{ASSIGNMENT} was being graded when an earlier run stopped" in log
    skipped = [line for line in log.splitlines() if "Skipping existing assignment" in line]
    for student, mtime in finished.items():  # kept, not graded again
        assert (course_dir / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns == mtime
        assert any(line.endswith(f"autograded/{student}/{ASSIGNMENT}") for line in skipped), student
    assert gradebook_rows(course_dir) == expected
    assert not marker.exists()


def test_grading_the_same_submission_twice_gives_identical_scores_and_feedback(graded_once):
    course_dir, first = graded_once
    assert run_nbgrader(course_dir, "autograde", ASSIGNMENT, "--force").returncode == 0
    assert run_nbgrader(course_dir, "generate_feedback", ASSIGNMENT, "--force").returncode == 0
    second = _graded_state(course_dir)
    assert first["rows"] == second["rows"]
    assert first["feedback"].keys() == second["feedback"].keys() and len(first["feedback"]) == len(RESUME_STUDENTS)
    assert [k for k in first["feedback"] if first["feedback"][k] != second["feedback"][k]] == []
    assert [k for k in first["notebooks"] if first["notebooks"][k] != second["notebooks"][k]] == []
