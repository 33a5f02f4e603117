"""`autograder grade` records exactly what `nbgrader autograde` records, for the same submissions.

The same submissions (correct, mistakes, hostile, a deleted and a duplicated test cell, one late)
are graded twice, in two copies of one released course: once by the stock `nbgrader autograde`
with this repository's configuration, once by `autograder grade --jobs 2`. Then every gradebook
row, every autograded notebook (byte for byte) and every feedback page must be the same.
"""
import json

import pytest

from autograder import coursework
from grading_helpers import (ASSIGNMENT, LATE, delete_and_duplicate_test_cells, grade, gradebook_rows, sqlite_url,
                             submit_fixture)

pytestmark = pytest.mark.slow
LATE_PENALTY = "\nc.LateSubmissionPlugin.penalty_method = 'zero'\n"
SUBMISSIONS = {  # student -> (fixture, when, tamper)
    "alice": (None, None, None),
    "bob": ("central_difference-fail-forward_formula", None, None),
    "carol": ("central_difference-fail-hostile_assert_allclose_noop", None, None),
    "dave": ("momentum_gradient_descent-fail-hostile_sys_modules_numpy_swap", None, None),
    "grace": (None, None, delete_and_duplicate_test_cells),
    "heidi": ("gaussian-fail-float32", LATE, None),
}


@pytest.fixture(scope="module")
def both(tmp_path_factory, released_course):
    import shutil

    def clone(name):
        path = tmp_path_factory.mktemp(name) / "course"
        shutil.copytree(released_course, path, symlinks=True)
        coursework.make_course(path)
        (path / "nbgrader_config.py").write_text((path / "nbgrader_config.py").read_text() + LATE_PENALTY)
        return path

    stock, ours = clone("stock"), clone("ours")
    for student, (fixture, when, tamper) in SUBMISSIONS.items():
        kwargs = {"when": when} if when else {}
        submit_fixture(stock, student, fixture, tamper=tamper, **kwargs)
    shutil.copytree(stock / "submitted", ours / "submitted")  # the very same files
    coursework.nbgrader(stock, "autograde", ASSIGNMENT)
    result = grade(ours, ASSIGNMENT, "--jobs", "2")
    for course_dir in (stock, ours):
        coursework.nbgrader(course_dir, "generate_feedback", ASSIGNMENT)
    return stock, ours, result


def test_gradebook_rows_are_identical(both):
    stock, ours, _ = both
    expected, got = gradebook_rows(sqlite_url(stock)), gradebook_rows(sqlite_url(ours))
    assert sorted(got) == sorted(SUBMISSIONS)
    for student in SUBMISSIONS:
        assert got[student] == expected[student], student


def test_scores_are_the_fixtures_scores(both):
    _, ours, _ = both
    rows = gradebook_rows(sqlite_url(ours))
    grades = {s: rows[s]["notebooks"][ASSIGNMENT]["grades"] for s in rows}
    assert grades["alice"]["test_central_difference"][0] == 3.0
    assert grades["bob"]["test_central_difference"][0] == 0.5
    assert grades["carol"]["test_central_difference"][0] < 3.0
    assert grades["dave"]["test_momentum_gradient_descent"][0] == 0.25  # only does_not_modify_x0 passes
    assert grades["grace"]["test_gaussian"][0] == 1.0  # deleted, restored from the source, graded
    late = rows["heidi"]["notebooks"][ASSIGNMENT]
    assert rows["heidi"]["late"] > 0 and late["late_submission_penalty"] == late["score"] > 0


def test_autograded_notebooks_are_byte_identical(both):
    stock, ours, _ = both
    for student in SUBMISSIONS:
        folder = f"autograded/{student}/{ASSIGNMENT}"
        names = sorted(p.name for p in (stock / folder).iterdir())
        assert sorted(p.name for p in (ours / folder).iterdir()) == names
        for name in names:
            assert (ours / folder / name).read_bytes() == (stock / folder / name).read_bytes(), f"{student}/{name}"
            assert (ours / folder / name).stat().st_mode & 0o777 == 0o444


def test_feedback_is_identical(both):
    stock, ours, _ = both
    for student in SUBMISSIONS:
        page = f"feedback/{student}/{ASSIGNMENT}/{ASSIGNMENT}.html"
        assert (ours / page).read_text() == (stock / page).read_text(), student
    assert "test_central_difference: 0.5 / 3 points" in (ours / f"feedback/bob/{ASSIGNMENT}/{ASSIGNMENT}.html").read_text()


def test_results_json_is_identical_but_for_timings(both):
    stock, ours, _ = both

    def load(course_dir, student):
        record = json.loads((course_dir / "results" / ASSIGNMENT / student / f"{ASSIGNMENT}.json").read_text())
        record.pop("seconds")
        for cell in record["cells"]:
            for check in cell["checks"]:
                check.pop("seconds")
        return record

    for student in SUBMISSIONS:
        assert load(ours, student) == load(stock, student), student


def test_summary_reports_every_submission(both):
    _, _, result = both
    assert f"{ASSIGNMENT}: 6 submissions found, 0 already graded (skipped), 6 graded, 0 ungradable, 0 failed" in result.stdout
    assert "s per submission" in result.stdout
