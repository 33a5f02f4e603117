"""Grading one notebook: run its cells in a sandbox, and each test cell's checks where it stands.

Test cells come from the source notebook, never from the submission: a deleted test cell is put
back after the cell it followed in the source, a duplicated one is graded once, an edited one is
replaced. Code cells run in the sandbox in order and get the outputs they produce (text, values,
figures), so the autograded notebook shows the student's own work for manual grading; a test cell
gets the student-facing report on stdout and its score as a plain float, which is how nbgrader
reads partial credit. Each test cell's checks call the student's functions in a fork of the sandbox
(``SandboxedNotebook.checks``), so no later cell of hers can print the hidden inputs.
"""
from __future__ import annotations

import dataclasses
import time

import nbformat

from autograder.checking import report, runner
from autograder.checking.course import Course, is_test_cell, nbgrader_meta
from autograder.checking.failures import CheckConfigurationError
from autograder.checking.results import CellResult
from autograder.checking.seeding import derive_seed
from autograder.checking.student import StudentProxy
from autograder.isolation.notebook import SandboxedNotebook

RESTORED_NOTE = "# This test cell was missing or changed in the submission; the autograder restored it from the source.\n"


@dataclasses.dataclass
class GradedNotebook:
    notebook: object
    results: list  # CellResult per test cell, in notebook order
    isolation: str
    faults: list
    seconds: float

    @property
    def points(self) -> float:
        return round(sum(r.points for r in self.results), 6)

    @property
    def max_points(self) -> float:
        return sum(r.max_points for r in self.results)


@dataclasses.dataclass
class Settings:
    secret: str
    limits: object = None  # isolation.limits.Limits
    isolation: object = None  # isolation.levels.Isolation
    seed: int | None = None  # replay one seed instead of deriving it
    mpl_seed: str | None = None


def restore_test_cells(nb, source_nb) -> list[str]:
    """Make the submission's test cells exactly the source's; returns what was changed.

    Issue 4 (format faults): the rules moved to ``autograder.submissions.normalize_cells``, which also
    moves a test cell that stands before the cell it grades back after it, keeps a cell whose grade_id
    the source does not know as an ordinary cell (nbgrader would refuse the notebook), and restores
    the cell type of solution cells and the source of locked cells.
    """
    from autograder.submissions import normalize_cells  # imported here: submissions imports checking

    return normalize_cells(nb, source_nb)


def _score_outputs(result: CellResult, text: str) -> list:
    return [
        nbformat.v4.new_output("stream", name="stdout", text=text),
        nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(result.points))}, execution_count=None),
    ]


def grade_notebook(nb, assignment: str, student_id: str, course: Course, settings: Settings,
                   notebook_name: str | None = None) -> GradedNotebook:
    start = time.monotonic()
    source_nb = course.source_notebook(assignment, notebook_name)
    restore_test_cells(nb, source_nb)
    reference = course.reference(assignment)
    submission = runner.Submission(student_id, {nbgrader_meta(c).get("grade_id"): c.source for c in nb.cells
                                                if nbgrader_meta(c).get("grade_id")})
    results = []
    with SandboxedNotebook(settings.limits, settings.isolation, settings.mpl_seed) as sandbox:
        student = StudentProxy(sandbox)
        isolation = sandbox.isolation.describe()
        for index, cell in enumerate(nb.cells):
            if cell.get("cell_type") != "code":
                continue
            if is_test_cell(cell):
                grade_id = nbgrader_meta(cell)["grade_id"]
                with sandbox.checks():  # calls run in a fork: the later cells never see the hidden inputs
                    result = _run_checks(course, assignment, grade_id, cell, student, reference, submission, settings)
                results.append(result)
                cell.outputs = _score_outputs(result, report.cell_report(result, isolation=isolation))
                continue
            cell_id = nbgrader_meta(cell).get("grade_id") or cell.get("id") or f"cell-{index}"
            answer = sandbox.exec_cell(cell_id, cell.source)
            cell.outputs = [nbformat.from_dict(o) for o in answer.get("outputs", [])]
            cell.execution_count = answer.get("execution_count")
        faults = list(sandbox.faults)
        if sandbox.unavailable is not None:  # issue 4: a sandbox that could not start is never turned into a score
            raise sandbox.unavailable
    report.add_summary(nb, results, isolation)
    return GradedNotebook(nb, results, isolation, faults, time.monotonic() - start)


def _run_checks(course, assignment, grade_id, cell, student, reference, submission, settings) -> CellResult:
    exercise = grade_id.removeprefix("test_")
    seed = settings.seed if settings.seed is not None else derive_seed(settings.secret, assignment, exercise, student_id_of(submission))
    points = float(nbgrader_meta(cell).get("points", 0) or 0)
    path = course.check_path(assignment, grade_id)
    try:
        module = runner.load(path, assignment)
    except (CheckConfigurationError, FileNotFoundError) as exc:
        message = str(exc) if not isinstance(exc, FileNotFoundError) else f"no hidden checks at {path}"
        return CellResult(grade_id=grade_id, module=f"{assignment}/{path.name}", max_points=points, seed=seed,
                          problem=f"configuration error: {message}")
    return module.run(student, reference, seed, submission, grade_id, points)


def student_id_of(submission) -> str:
    return submission.student_id
