"""What students read: nbgrader's generate_feedback HTML of a graded class, and the released
notebooks' self-checks run in a real kernel.

The leak test re-grades each fixture submission in this process with the same secret and student
id (so the same seeds), recording every input the hidden checks passed to the student's functions
and every expected value they compared with, then greps that student's feedback HTML for the
printed forms of those values at several precisions.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import coursework, fixtures, settings
from autograder.checking import expect
from autograder.checking.course import Course, is_test_cell, nbgrader_meta
from autograder.checking.grade import grade_notebook
from autograder.checking.helpers import SandboxFunction
from autograder.checking.student import StudentProxy

sys.path.insert(0, str(Path(__file__).parent))
from browser import graded_class  # noqa: E402  (shared with the report and browser tests)

pytestmark = pytest.mark.slow
ASSIGNMENT = graded_class.ASSIGNMENT
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory):
    return graded_class.build(tmp_path_factory.mktemp("graded-class"))


def feedback_html(course_dir: Path, student: str) -> str:
    return (course_dir / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()


def results_record(course_dir: Path, student: str) -> dict:
    return json.loads((course_dir / "results" / ASSIGNMENT / student / f"{ASSIGNMENT}.json").read_text())


def visible_text(html: str) -> str:
    """The page without inline images and style sheets (base64 and CSS are not read by anyone)."""
    html = re.sub(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+", "data:image", html)
    return re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S)


# ----------------------------------------------------------------------------- recording secrets
def _floats(value):
    if isinstance(value, SandboxFunction) or callable(value):
        return
    if isinstance(value, dict):
        for v in value.values():
            yield from _floats(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _floats(v)
    elif isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            yield from (float(v) for v in value.ravel())
    elif isinstance(value, (float, np.floating)):
        yield float(value)


def _is_round(v: float) -> bool:
    """Public-looking numbers (0.5, 1e-5, 0.08, 2.0) that a check may state on purpose."""
    return not np.isfinite(v) or float(f"{v:.4g}") == v


def _hidden(args, kwargs) -> list:
    return [v for v in _floats([args, kwargs]) if not _is_round(v)]


def record_secrets(course_dir: Path, student: str, monkeypatch) -> tuple[dict, list]:
    """Grade the student's submission in this process while recording the hidden inputs and
    expected values; returns the {value: what} secrets and the results (to compare with nbgrader's)."""
    secrets: dict = {}
    real_call, real_compare = StudentProxy.call_raw, expect._compare

    def call_raw(self, name, args, kwargs, return_args=False):
        for v in _hidden(args, kwargs):
            secrets.setdefault(v, f"hidden input of {name}")
        return real_call(self, name, args, kwargs, return_args)

    def compare(what, actual, desired, rtol, atol, why, got):
        if got is not None and _hidden(got.args, got.kwargs):  # expected values at hidden inputs
            for v in np.asarray(desired, dtype=float).ravel():
                if not _is_round(float(v)):
                    secrets.setdefault(float(v), f"expected value in {what}")
        return real_compare(what, actual, desired, rtol, atol, why, got)

    monkeypatch.setattr(StudentProxy, "call_raw", call_raw)
    monkeypatch.setattr(expect, "_compare", compare)
    config = settings.load_nbgrader_config(course_dir)
    course = Course(course_dir, "assignments")
    nb = nbformat.read(str(course_dir / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    graded = grade_notebook(nb, ASSIGNMENT, student, course, settings.make_settings(course_dir, config))
    return secrets, graded.results


NUMBER = re.compile(r"\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+")


def _significant(token: str) -> int:
    return len(re.split(r"[eE]", token)[0].replace(".", "").lstrip("0"))


def printed_numbers(text: str) -> dict:
    """{printed number: its value} for every number in the text with 4 or more significant digits
    (a printed form of a value at 4, 5, ... 17 digits, fixed or exponent notation, rounded or cut)."""
    return {t: float(t) for t in set(NUMBER.findall(text)) if _significant(t) >= 4}


def _matches(token: str, printed: float, secret: float) -> bool:
    """Whether ``token`` is ``secret`` printed (rounded or truncated) at the token's precision."""
    digits = _significant(token)
    if printed == 0 or secret == 0:
        return False
    unit = 10.0 ** (np.floor(np.log10(abs(printed))) - digits + 1)  # one unit in the last printed place
    off = abs(secret) - printed
    return abs(off) <= 0.5000001 * unit or 0 <= off < unit  # rounded, or cut off


def leaks(html: str, secrets: dict, baseline: str) -> list:
    """Numbers in ``html`` that print a secret at 4+ significant digits, except those also on another
    student's page (``baseline``: the same public text, other hidden inputs), which are coincidences."""
    other = set(printed_numbers(visible_text(baseline)))
    text = visible_text(html)
    values = np.array(sorted(abs(v) for v in secrets))
    found = []
    for token, printed in printed_numbers(text).items():
        if token in other or not len(values):
            continue
        near = values[max(0, np.searchsorted(values, printed) - 1):np.searchsorted(values, printed) + 1]
        for secret in near:
            if _matches(token, printed, secret):
                what = secrets.get(secret, secrets.get(-secret, "?"))
                index = text.index(token)
                found.append(f"{token} = {secret!r} ({what}) in: ...{text[max(0, index - 80):index + 40]!r}...")
                break
    return found


def test_the_leak_search_finds_a_value_at_any_printed_precision():
    secret = {0.8070168812345678: "expected value"}
    for printed in ("0.8070", "0.80701688", "0.8070168812345678", "8.0702e-01", "-0.80702", "[ 0.80701688 -1.5 ]"):
        assert leaks(f"<pre>max difference {printed}</pre>", secret, "<pre></pre>"), printed
    for printed in ("0.81", "0.807", "0.8071", "80701688"):  # 2-3 digits, a neighbour, an integer
        assert not leaks(f"<pre>max difference {printed}</pre>", secret, "<pre></pre>"), printed
    assert not leaks("<pre>0.80701688</pre>", secret, "<p>0.80701688</p>")  # on every student's page: public


@pytest.fixture(scope="module")
def secrets(course_dir):
    """{student: {value: what}} for the four fixture students, checked against nbgrader's own run."""
    recorded = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for student in ("alice", "bob", "carol", "mallory"):
            values, results = record_secrets(course_dir, student, monkeypatch)
            nbgrader_run = results_record(course_dir, student)["cells"]
            assert [(r.grade_id, [(c.name, c.points, c.message) for c in r.checks]) for r in results] == \
                   [(c["grade_id"], [(k["name"], k["points"], k["message"]) for k in c["checks"]]) for c in nbgrader_run], \
                   f"{student}: re-grading did not reproduce nbgrader's run"
            assert len(values) > 50, f"{student}: too few hidden values recorded ({len(values)})"
            recorded[student] = values
    return recorded


# ----------------------------------------------------------------------------- the feedback page
def test_feedback_opens_with_a_summary(course_dir):
    html = feedback_html(course_dir, "bob")
    summary = html.index("Autograder summary: 25.5 / 28 autograded points")
    assert summary < html.index("Vector Calculus for Machine Learning")  # before the notebook's first cell
    block = html[summary:html.index("Vector Calculus for Machine Learning")]
    assert re.search(r"central_difference</code></td><td[^>]*>0\.5 / 3</td><td[^>]*>failed 3 of 4 checks", block)
    assert re.search(r"gaussian</code></td><td[^>]*>1 / 1</td><td[^>]*>passed: all 3 checks", block)
    assert "graded by the instructor" in block  # the manual cells are named, not scored by the autograder
    why = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    assert len(why) == 3 and all("central_difference" in w for w in why)  # one line per failed check
    assert all("Likely cause: This matches the forward difference" in w for w in why if "is_second_order" not in w)
    assert "does_not_modify_x" in block  # what passed in a partly failed exercise
    assert "Hidden checks decide the grade" in block


def test_a_failed_check_says_what_tolerance_how_far_cause_and_seed(course_dir):
    html = feedback_html(course_dir, "bob")
    seed = next(c["seed"] for c in results_record(course_dir, "bob")["cells"] if c["grade_id"] == "test_central_difference")
    report = html[html.index("test_central_difference: 0.5 / 3 points"):]
    report = report[:report.index("Hidden checks decide this grade")]
    assert max(len(line) for line in report.splitlines()) <= 110  # wrapped, not a horizontal scroll
    report = " ".join(report.split())  # the report is wrapped at 100 columns
    assert f"seed {seed}" in report
    assert "FAIL matches_the_derivative_at_random_points (0/1) - Check that central_difference(e^(-x^2), x)" in report
    assert "Tolerance: |yours - expected| &lt;= 5.2e-10 + 1e-12 * |expected| for every entry." in report
    assert re.search(r"How far off: largest difference \d(\.\d)?e-0[56] \(relative [\d.e-]+\); 7 of 7 entries outside", report)
    assert "Why this tolerance: central difference with h=1e-05" in report
    assert "Likely cause: This matches the forward difference (f(x+h) - f(x))/h" in report
    assert "The error of central_difference should fall like h^2 (order 2) as h halves; the measured order is 1." in report


def test_the_students_outputs_and_plots_are_kept(course_dir):
    html = feedback_html(course_dir, "alice")
    assert html.count('src="data:image/png;base64,') >= 3  # error plot, gradient field, monkey saddle surface
    assert "f &lt; 1e-4 after" in html  # the printed comparison of plain and momentum gradient descent


@pytest.mark.parametrize("student", ["alice", "bob", "carol"])
def test_no_hidden_inputs_or_reference_values_in_the_feedback(course_dir, secrets, student):
    html = feedback_html(course_dir, student)
    found = leaks(html, secrets[student], feedback_html(course_dir, "judy"))
    assert not found, "\n".join(found[:10])
    for hidden in ("BEGIN HIDDEN", "autograder/checks", "[instructor]", "DESIRED", "ACTUAL", "expect.py",
                   str(REPO / "autograder"), "Traceback (most recent call last)", "registered mistake:"):
        assert hidden not in html, hidden


def test_a_hostile_student_cannot_inject_markup_or_read_inputs_from_messages(course_dir, secrets):
    html = feedback_html(course_dir, "mallory")
    assert not re.search(r"<img[^>]*onerror", html)  # no element made from the student's text
    assert html.count("&lt;img src=x onerror=") >= 3  # shown as text: summary, cell report, her own code
    reports = "\n".join(re.findall(r"test_\w+: [\d.]+ / \d+ points.*?Hidden checks decide this grade", html, re.S))
    summary = html[html.index("Autograder summary"):html.index("Vector Calculus for Machine Learning")]
    found = leaks(reports + summary, secrets["mallory"], feedback_html(course_dir, "judy"))
    assert not found, "\n".join(found[:10])
    flat = " ".join(reports.split())  # reports are wrapped at 100 columns
    assert not re.search(r"my input was \[\s*-?\d", flat) and "my input was […, …" in flat  # numbers masked


def _printed_without_checks(course_dir: Path, student: str) -> str:
    """What the student's own cells print when no check runs: her own values, public whatever they match."""
    from autograder.isolation.notebook import SandboxedNotebook

    path = course_dir / "submitted" / student / graded_class.ASSIGNMENT / f"{graded_class.ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    text = []
    with SandboxedNotebook() as sandbox:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and not is_test_cell(cell):
                answer = sandbox.exec_cell(f"cell-{index}", cell.source)
                text += [o.get("text", "") for o in answer["outputs"] if o["output_type"] == "stream"]
    return "\n".join(text)


def test_a_hostile_student_cannot_print_the_inputs_in_a_later_cell(course_dir, secrets):
    # her later cell prints every input her functions received: in the autograded notebook only those of
    # her own cells (the checks' calls ran in a fork), so it prints what it prints without any check
    html = feedback_html(course_dir, "mallory")
    assert "inputs the checks passed in:" in html
    own = _printed_without_checks(course_dir, "mallory")
    found = leaks(html, secrets["mallory"], feedback_html(course_dir, "judy") + own)
    assert not found, "\n".join(found[:10])


# ----------------------------------------------------------------------------- self-checks in a kernel
def _execute(nb, cwd: Path):
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _self_check_outcomes(nb) -> dict:
    """{grade_id: (error or None, printed text)} of every test cell."""
    outcomes = {}
    for cell in nb.cells:
        if is_test_cell(cell):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            outcomes[nbgrader_meta(cell)["grade_id"]] = ((errors[0].ename, errors[0].evalue) if errors else None, text)
    return outcomes


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The released notebooks of every assignment with hidden checks, made by nbgrader's own
    generate_assignment (in this process, through nbgrader's API, to spare a start-up per assignment)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.checking.course import CHECKS_DIR

    root = coursework.make_course(tmp_path_factory.mktemp("release"))
    config = settings.load_nbgrader_config(root)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config, root=str(root)), config=config)
    course = Course(root, "assignments")
    assignments = [a for a in course.assignments() if (CHECKS_DIR / a).is_dir()]
    with pytest.MonkeyPatch.context() as monkeypatch:  # nbgrader runs alembic from the venv's bin
        monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        for assignment in assignments:
            outcome = api.generate_assignment(assignment)
            assert outcome["success"], outcome.get("log", "") + outcome.get("error", "")
    return root, assignments


def test_self_checks_pass_on_a_correct_answer_and_fail_on_the_stub(released):
    root, assignments = released
    assert len(assignments) >= 3
    for assignment in assignments:
        solved = _self_check_outcomes(_execute(coursework.student_notebook(root, assignment, None), root))
        assert solved, assignment
        for grade_id, (error, text) in solved.items():
            assert error is None, f"{assignment}/{grade_id}: the self-check fails on the solution: {error}"
            assert "self-check passed" in text.lower() and "hidden checks decide the grade" in text.lower(), \
                f"{assignment}/{grade_id}: {text!r}"
        stub = _self_check_outcomes(_execute(coursework.released_notebook(root, assignment), root))
        for grade_id, (error, text) in stub.items():
            assert error is not None and "self-check passed" not in text.lower(), f"{assignment}/{grade_id} passes on the stub"
            assert error[0] in ("NotImplementedError", "AssertionError", "NameError"), f"{assignment}/{grade_id}: {error}"


def test_self_checks_say_clearly_what_is_wrong_with_the_form(released):
    root, _ = released
    nb = coursework.released_notebook(root, ASSIGNMENT)
    keep = {"setup", "gaussian", "test_gaussian", "grad_sin_cos", "test_grad_sin_cos"}
    nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") in keep]
    for name in ("gaussian-fail-float32", "grad_sin_cos-fail-returns_list"):
        nb = fixtures.apply(fixtures.parse(REPO / "tests" / "submissions" / ASSIGNMENT / f"{name}.py"), nb)
    outcomes = _self_check_outcomes(_execute(nb, root))
    assert outcomes["test_gaussian"][0] == ("AssertionError", "gaussian should return float64, got float32.")
    assert outcomes["test_grad_sin_cos"][0][0] == "AssertionError"
    assert outcomes["test_grad_sin_cos"][0][1].startswith("grad_sin_cos should return a tuple (U, V), got list")
    source = next(c.source for c in nb.cells if nbgrader_meta(c).get("grade_id") == "test_gaussian")
    assert source.startswith("# Self-check: the form of your answer only. Hidden checks decide the grade.")
