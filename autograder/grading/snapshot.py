"""A read-only copy of what nbgrader's sanitize step reads from the gradebook, for one assignment.

nbgrader's ``OverwriteCells`` and ``OverwriteKernelspec`` look up the source notebook's cells
(type, lock, checksum, source), the points of each graded cell and the kernelspec in the
gradebook. Workers must never open the gradebook (a Dask worker may be on another machine, and
SQLite must see one writer), so the writer takes this snapshot once, before grading starts, and
ships it to every worker. ``GradebookSnapshot`` answers exactly the ``find_*`` calls those two
preprocessors make, with the same ``MissingEntry`` when a cell is unknown. It is plain data:
picklable, small, and never modified after it is taken.
"""
from __future__ import annotations

import dataclasses

from nbgrader.api import MissingEntry


@dataclasses.dataclass(frozen=True)
class SourceCellRow:
    name: str
    cell_type: str
    locked: bool
    checksum: str | None
    source: str


@dataclasses.dataclass(frozen=True)
class GradedCellRow:
    name: str
    max_score: float
    cell_type: str
    kind: str  # "grade" or "task"


@dataclasses.dataclass(frozen=True)
class NamedRow:
    name: str


@dataclasses.dataclass(frozen=True)
class NotebookRow:
    name: str
    kernelspec: str | None
    source_cells: tuple  # SourceCellRow, in the gradebook's order
    grade_cells: tuple  # GradedCellRow of kind "grade"
    solution_cells: tuple  # NamedRow
    task_cells: tuple  # GradedCellRow of kind "task"

    @property
    def autograded_names(self) -> frozenset:
        """Grade cells that are not also solution cells: the cells the autograder scores."""
        solutions = {c.name for c in self.solution_cells}
        return frozenset(c.name for c in self.grade_cells if c.name not in solutions)


@dataclasses.dataclass(frozen=True)
class GradebookSnapshot:
    assignment: str
    notebooks: tuple  # NotebookRow, sorted by name
    duedate: object = None  # datetime or None, for the record only

    def __deepcopy__(self, memo):  # immutable: nbconvert deep-copies resources around every preprocessor
        return self

    @property
    def notebook_names(self) -> list[str]:
        return [n.name for n in self.notebooks]

    def _notebook(self, notebook: str, assignment: str) -> NotebookRow:
        if assignment == self.assignment:
            for row in self.notebooks:
                if row.name == notebook:
                    return row
        raise MissingEntry(f"No such notebook: {assignment}/{notebook}")

    # ------------------------------------------------------------------ what OverwriteCells / OverwriteKernelspec call
    def find_notebook(self, name: str, assignment: str) -> NotebookRow:
        return self._notebook(name, assignment)

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SourceCellRow:
        for cell in self._notebook(notebook, assignment).source_cells:
            if cell.name == name:
                return cell
        raise MissingEntry(f"No such source cell: {assignment}/{notebook}/{name}")

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> GradedCellRow:
        row = self._notebook(notebook, assignment)
        for cell in row.grade_cells + row.task_cells:
            if cell.name == name:
                return cell
        raise MissingEntry(f"No such grade cell: {assignment}/{notebook}/{name}")

    # nbgrader's preprocessors enter the gradebook as a context manager
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def take_snapshot(gradebook, assignment: str) -> GradebookSnapshot:
    """Read the assignment's notebooks and cells from an open ``nbgrader.api.Gradebook``."""
    record = gradebook.find_assignment(assignment)  # raises MissingEntry
    rows = []
    for notebook in sorted(record.notebooks, key=lambda n: n.name):
        rows.append(NotebookRow(
            name=notebook.name,
            kernelspec=notebook.kernelspec,
            source_cells=tuple(SourceCellRow(c.name, c.cell_type, bool(c.locked), c.checksum, c.source)
                               for c in notebook.source_cells),
            grade_cells=tuple(GradedCellRow(c.name, float(c.max_score), c.cell_type, "grade") for c in notebook.grade_cells),
            solution_cells=tuple(NamedRow(c.name) for c in notebook.solution_cells),
            task_cells=tuple(GradedCellRow(c.name, float(c.max_score), c.cell_type, "task") for c in notebook.task_cells),
        ))
    return GradebookSnapshot(assignment=assignment, notebooks=tuple(rows), duedate=record.duedate)
