"""The instructor's side: ``autograder report`` and ``autograder export`` on a class graded by the
real nbgrader commands (tests/browser/graded_class.py), nbgrader's own export next to them, and
the student-facing text rendering of check messages."""
from __future__ import annotations

import base64
import csv
import re
import sys
from pathlib import Path

import pytest

from autograder import cli, coursework
from autograder.checking import report
from autograder.checking.results import CellResult, CheckResult

sys.path.insert(0, str(Path(__file__).parent))
from browser import graded_class  # noqa: E402

ASSIGNMENT = graded_class.ASSIGNMENT
TEST_CELLS = 13
MANUAL_CELLS = ["gradient_field_plot", "momentum_comparison", "monkey_saddle_surface", "monkey_saddle_interpretation"]


# ----------------------------------------------------------------------------- student-facing text (fast)
NUMPY_REPORT = """central_difference(e^(-x^2), x) at 7 random points in [-2, 2] with h = 1e-5: not within tolerance.
Not equal to tolerance rtol=1e-12, atol=5.21585e-10
Mismatched elements: 7 / 7 (100%)
Max absolute difference among violations: 0.80701688
Max relative difference among violations: 1.
Why this tolerance: central difference with h=1e-05: truncation <= 7.0e-11
Likely cause: This matches (f(x+h) - f(x-h))/h, twice the derivative."""


def test_student_message_states_tolerance_and_distance_in_words_at_two_digits():
    text = report.student_message(NUMPY_REPORT)
    assert "Tolerance: |yours - expected| <= 5.2e-10 + 1e-12 * |expected| for every entry." in text
    assert "How far off: largest difference 0.81 (relative 100%); 7 of 7 entries outside the tolerance." in text
    assert "0.80701688" not in text and "5.21585e-10" not in text  # the first equals max |expected| here
    assert text.splitlines()[0].endswith("not within tolerance.") and "Likely cause:" in text


def test_soften_shortens_long_numbers_only():
    text = report._soften("x = [0.12345678 -1.5 2.718281828e-05] order 1.07 h=1e-5 884 iterations seed 9015096331 "
                          "shape (3, 4) float64 version 3.11.2")
    assert text == "x = [0.12 -1.5 2.7e-05] order 1.07 h=1e-5 884 iterations seed 9015096331 shape (3, 4) float64 version 3.11.2"


def test_cell_report_keeps_detail_for_the_instructor_only():
    check = CheckResult("matches", "Check that it matches.", 1.0, message=NUMPY_REPORT, detail="DESIRED: [0.1234567]",
                        mistake={"id": "h_instead_of_2h", "explanation": "twice"}, rung="value")
    result = CellResult("test_central_difference", "vector_calculus/test_central_difference.py", 1.0, 42, [check])
    student = report.cell_report(result)
    instructor = report.cell_report(result, instructor=True)
    assert "seed 42" in student and "FAIL  matches (0/1) - Check that it matches." in student
    assert "DESIRED" not in student and "[instructor]" not in student and "0.80701688" not in student
    assert "DESIRED: [0.1234567]" in instructor and "registered mistake: h_instead_of_2h" in instructor
    assert "0.80701688" in instructor  # the instructor reads numpy's own report


def test_summary_escapes_what_a_student_wrote():
    check = CheckResult("runs", "", 1.0, message='f raised ValueError: <script>alert("x")</script>.', rung="raised")
    html = report.summary_html([CellResult("test_f", "a/test_f.py", 1.0, 7, [check])], "isolation: test")
    assert "<script>" not in html and "&lt;script&gt;" in html


# ----------------------------------------------------------------------------- on the graded class
pytestmark_slow = pytest.mark.slow


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory):
    return graded_class.build(tmp_path_factory.mktemp("graded-class"))


def run_cli(capsys, *argv) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


@pytestmark_slow
def test_report_page_is_self_contained_with_every_figure(course_dir, capsys):
    code, out = run_cli(capsys, "--root", str(course_dir), "report", ASSIGNMENT)
    assert code == 0
    html = (course_dir / "reports" / f"{ASSIGNMENT}.html").read_text()
    assert not re.search(r"<script|<link|src=\"(?!data:)|url\(", html)  # nothing to fetch, nothing to run
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 4  # scores, per check, mistakes, time
    assert all(base64.b64decode(i).startswith(b"\x89PNG\r\n\x1a\n") for i in images)
    for heading in ("Score distribution", "Per exercise", "Per hidden check", "Most frequent registered mistakes",
                    "Ungradable submissions", "Missing submissions", "Still need manual grading", "Late submissions",
                    "Time per submission"):
        assert f"<h2>{heading}</h2>" in html, heading
    assert re.search(r"<td>oscar</td><td>vector_calculus.ipynb is not valid JSON", html)
    assert "zoe (marked missing in exports, not 0)" in html
    assert re.search(r'<td class="num">2</td><td><code>central_difference</code></td><td><code>forward_formula</code>', html)
    text = (course_dir / "reports" / f"{ASSIGNMENT}.txt").read_text()
    assert text in out  # printed as well
    for line in ("students on the roster        7", "submitted                     6", "graded                        5",
                 "ungradable                    1", "missing (no submission)       1",
                 "still need manual grading     5", "late (penalty applied)        1"):
        assert line in text, line
    assert re.search(r"test_central_difference\s+#+\.+\s+40\.0% \(2/5\)", text)
    assert re.search(r"2  central_difference: forward_formula  \(bob, carol\)", text)
    assert "oscar: vector_calculus.ipynb is not valid JSON" in text and "judy: penalty 28" in text


@pytestmark_slow
def test_report_figures(course_dir):
    from autograder.reporting import collect, stats

    figures = stats.compute(collect.load(course_dir, ASSIGNMENT))
    assert sorted(s for s, _ in figures.totals) == ["alice", "bob", "carol", "judy", "mallory"]
    assert dict(figures.totals) == {"alice": 28, "bob": 25.5, "carol": 25.5, "judy": 0, "mallory": 26.25}
    rate = {r.label: (r.passed, r.total) for r in figures.exercises}
    assert rate["test_central_difference"] == (2, 5) and rate["test_gaussian"] == (4, 5) and len(rate) == TEST_CELLS
    check = {r.label: (r.passed, r.total) for r in figures.checks}
    assert check["central_difference: does_not_modify_x"] == (5, 5)
    assert check["central_difference: is_second_order"] == (3, 5)  # bob and carol: first order
    assert [(m.exercise, m.mistake, m.students) for m in figures.mistakes] == \
           [("central_difference", "forward_formula", ["bob", "carol"])]
    assert figures.missing == ["zoe"] and [s for s, _ in figures.ungradable] == ["oscar"]
    assert [s for s, _ in figures.manual_pending] == ["alice", "bob", "carol", "judy", "mallory"]
    assert len(figures.seconds) == 5 and all(0 < t < 120 for _, t in figures.seconds)


def _csv(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytestmark_slow
def test_per_question_export_marks_missing_and_ungradable_not_zero(course_dir, capsys):
    code, out = run_cli(capsys, "--root", str(course_dir), "export", ASSIGNMENT, "--canvas-id", f"{ASSIGNMENT}=4242")
    assert code == 0 and "5 graded (5 still need manual grading), 1 ungradable, 1 missing" in out
    rows = {r["student_id"]: r for r in _csv(course_dir / "exports" / f"{ASSIGNMENT}-per-question.csv")}
    assert sorted(rows) == ["alice", "bob", "carol", "judy", "mallory", "oscar", "zoe"]
    columns = list(rows["alice"])
    cells = [c for c in columns if c.startswith("test_")] + [c for c in columns if c in MANUAL_CELLS]
    assert len(cells) == TEST_CELLS + len(MANUAL_CELLS)
    assert columns[-6:] == ["raw_total", "late_penalty", "total", "max_total", "needs_manual_grading", "reason"]
    alice, bob, judy = rows["alice"], rows["bob"], rows["judy"]
    assert (alice["status"], alice["total"], alice["max_total"], alice["needs_manual_grading"]) == ("graded", "28", "36", "yes")
    assert alice["gradient_field_plot"] == "" and alice["test_gaussian"] == "1"  # ungraded manual cell: empty
    assert bob["test_central_difference"] == "0.5" and bob["total"] == "25.5"
    assert (judy["raw_total"], judy["late_penalty"], judy["total"]) == ("28", "28", "0")
    zoe, oscar = rows["zoe"], rows["oscar"]
    assert zoe["status"] == "missing" and all(zoe[c] == "" for c in cells + ["total", "raw_total"])
    assert oscar["status"] == "ungradable" and oscar["total"] == "" and "not valid JSON" in oscar["reason"]


@pytestmark_slow
def test_canvas_export(course_dir, capsys):
    run_cli(capsys, "--root", str(course_dir), "export", ASSIGNMENT, "--canvas-id", f"{ASSIGNMENT}=4242")
    with open(course_dir / "exports" / "canvas-gradebook.csv", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{ASSIGNMENT} (4242)"]
    assert table[1] == ["Points Possible", "", "", "", "", "36"]
    rows = {r[3]: r for r in table[2:]}
    assert rows["alice"][:5] == ["Adams, Alice", "1101", "", "alice", ""]
    assert rows["alice"][5] == "" and rows["zoe"][5] == "" and rows["oscar"][5] == ""  # not final / missing
    run_cli(capsys, "--root", str(course_dir), "export", ASSIGNMENT, "--include-provisional")
    with open(course_dir / "exports" / "canvas-gradebook.csv", newline="") as handle:
        rows = {r[3]: r for r in list(csv.reader(handle))[2:]}
    assert (rows["alice"][5], rows["bob"][5], rows["judy"][5], rows["zoe"][5]) == ("28", "25.5", "0", "")


@pytestmark_slow
def test_nbgrader_export_keeps_working(course_dir):
    coursework.nbgrader(course_dir, "export", "--to", str(course_dir / "grades.csv"))
    rows = {r["student_id"]: r for r in _csv(course_dir / "grades.csv") if r["assignment"] == ASSIGNMENT}
    assert float(rows["alice"]["score"]) == 28.0 and float(rows["bob"]["score"]) == 25.5
    assert float(rows["zoe"]["score"]) == 0.0  # nbgrader's own semantics: missing counts 0; ours says missing


@pytestmark_slow
def test_report_names_an_unknown_assignment(course_dir, capsys):
    assert cli.main(["--root", str(course_dir), "report", "no_such_assignment"]) == 2
    assert "has no assignment 'no_such_assignment'" in capsys.readouterr().err
