"""The real nbgrader commands, with this repository's configuration, on fixture submissions:
generate_assignment -> submissions -> autograde -> generate_feedback -> export, asserting the exact
score of every autograded cell in the gradebook."""
import copy
import csv

import pytest

from autograder import coursework, fixtures
from autograder.checking.course import nbgrader_meta

pytestmark = pytest.mark.slow
ASSIGNMENT = "vector_calculus"
FIXTURES = {
    "bob": "central_difference-fail-forward_formula",
    "carol": "central_difference-fail-hostile_assert_allclose_noop",
    "dave": "central_difference-fail-hostile_displayhook",
    "erin": "central_difference-fail-hostile_allclose_true",
    "frank": "central_difference-pass-loop_over_elements",
}


def _tamper_with_test_cells(nb):
    """Delete one test cell and duplicate another, as a careless student might."""
    cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != "test_gaussian"]
    index = next(i for i, c in enumerate(cells) if nbgrader_meta(c).get("grade_id") == "test_monkey_saddle")
    cells.insert(index, copy.deepcopy(cells[index]))
    nb.cells = cells
    return nb


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory, repo):
    course_dir = coursework.make_course(tmp_path_factory.mktemp("course"))
    coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--create")
    expected = {}
    directory = repo / "tests" / "submissions" / ASSIGNMENT
    for student, name in FIXTURES.items():
        fixture = fixtures.parse(directory / f"{name}.py")
        coursework.submit(course_dir, student, ASSIGNMENT, coursework.student_notebook(course_dir, ASSIGNMENT, fixture))
        expected[student] = fixture.scores
    coursework.submit(course_dir, "alice", ASSIGNMENT, coursework.student_notebook(course_dir, ASSIGNMENT, None))
    expected["alice"] = {}
    tampered = _tamper_with_test_cells(coursework.student_notebook(course_dir, ASSIGNMENT, None))
    coursework.submit(course_dir, "grace", ASSIGNMENT, tampered)
    expected["grace"] = {}
    coursework.nbgrader(course_dir, "autograde", ASSIGNMENT)
    coursework.nbgrader(course_dir, "generate_feedback", ASSIGNMENT)
    coursework.nbgrader(course_dir, "export", "--to", str(course_dir / "grades.csv"))
    return course_dir, expected


def _grades(course_dir, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {g.name: (g.auto_score, g.max_score) for g in notebook.grades if g.name.startswith("test_")}


@pytest.mark.parametrize("student", ["alice", "bob", "carol", "dave", "erin", "frank", "grace"])
def test_every_cell_scores_exactly_as_expected(graded_course, student):
    course_dir, expected = graded_course
    grades = _grades(course_dir, student)
    assert len(grades) == 13
    for name, (score, max_score) in grades.items():
        assert score == pytest.approx(expected[student].get(name, max_score)), name


def test_feedback_shows_reports_but_no_hidden_text(graded_course):
    course_dir, _ = graded_course
    html = (course_dir / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "test_central_difference: 0.5 / 3 points" in html
    assert "Likely cause: This matches the forward difference" in html
    for secret in ("BEGIN HIDDEN", "autograder/checks", "[instructor]", "DESIRED", "ACTUAL"):
        assert secret not in html


def test_student_plots_are_kept_for_manual_grading(graded_course):
    import nbformat
    course_dir, _ = graded_course
    nb = nbformat.read(str(course_dir / "autograded" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    plot = next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == "gradient_field_plot")
    assert any("image/png" in o.get("data", {}) for o in plot.outputs)


def test_export_lists_every_student(graded_course):
    course_dir, _ = graded_course
    rows = list(csv.DictReader((course_dir / "grades.csv").open()))
    scores = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == ASSIGNMENT}
    assert scores["alice"] == 28.0 and scores["bob"] == 25.5 and scores["dave"] == 25.5
