"""One assignment's class record: the gradebook, the full results and the submitted folders, joined.

Three sources, each the authority for one thing:

- nbgrader's gradebook (``gradebook.db``): the roster, the cells and their points, every score
  (autograded and manual), late penalties, what still needs manual grading;
- the full results (``results/<assignment>/<student>/<notebook>.json``, see
  ``autograder/results_store.py``): per-check outcomes, registered mistakes, grading time, and a
  status/reason for submissions the grader could not grade;
- the submitted folders: why a submission nbgrader could not autograde is ungradable (the reason
  comes from ``autograder.submissions.load_submission``, the same reader the grader uses).

A student with no submission is ``missing`` (never a score of 0); one whose submission could not
be graded is ``ungradable`` with a reason; otherwise ``graded`` (possibly with cells still
waiting for manual grading).
"""
from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

from autograder import settings as settings_module
from autograder.checking.course import Course, nbgrader_meta


@dataclasses.dataclass(frozen=True)
class Cell:
    notebook: str
    name: str  # the grade_id
    max_score: float
    kind: str  # "auto" (a test cell the hidden checks grade) or "manual" (a plot or written answer)
    column: str  # the name used in tables and CSV files


@dataclasses.dataclass
class Row:
    student: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    status: str = "missing"  # graded | ungradable | missing
    reason: str = ""
    timestamp: datetime.datetime | None = None
    late_penalty: float = 0.0
    scores: dict = dataclasses.field(default_factory=dict)  # column -> score, None while ungraded
    needs_manual: list = dataclasses.field(default_factory=list)  # columns waiting for a human
    seconds: float | None = None  # grading time (sandbox + checks) from the results
    results: list = dataclasses.field(default_factory=list)  # the results JSON records, one per notebook
    faults: list = dataclasses.field(default_factory=list)

    @property
    def name(self) -> str:
        full = ", ".join(p for p in (self.last_name, self.first_name) if p)
        return full or self.student

    @property
    def raw_total(self) -> float | None:
        if self.status != "graded":
            return None
        return round(sum(v for v in self.scores.values() if v is not None), 6)

    @property
    def total(self) -> float | None:
        raw = self.raw_total
        return None if raw is None else round(max(0.0, raw - (self.late_penalty or 0.0)), 6)


@dataclasses.dataclass
class ClassRecord:
    assignment: str
    course_root: Path
    duedate: datetime.datetime | None
    cells: list  # Cell, in notebook order
    rows: list  # Row, sorted by student id

    @property
    def max_total(self) -> float:
        return sum(c.max_score for c in self.cells)

    @property
    def auto_cells(self) -> list:
        return [c for c in self.cells if c.kind == "auto"]

    @property
    def manual_cells(self) -> list:
        return [c for c in self.cells if c.kind == "manual"]

    def by_status(self, status: str) -> list:
        return [r for r in self.rows if r.status == status]


class ReportError(Exception):
    """Raised when the course has no gradebook or the assignment is unknown to it."""


def _db_url(root: Path, config) -> str:
    url = config.get("CourseDirectory", {}).get("db_url") or "sqlite:///gradebook.db"
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/"):
        path = Path(url[len(prefix):])
        if not path.is_absolute():
            url = prefix + str((root / path).resolve())
    return url


def _kinds(course: Course, assignment: str, notebook: str) -> dict:
    """grade_id -> "auto" | "manual", from the source notebook (the gradebook does not say)."""
    try:
        nb = course.source_notebook(assignment, notebook)
    except Exception:  # no source notebook here: treat every cell as autograded
        return {}
    kinds = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") and meta.get("grade_id"):
            kinds[meta["grade_id"]] = "manual" if meta.get("solution") else "auto"
    return kinds


def _why_ungradable(folder: Path, notebooks: list) -> str:
    from autograder.submissions import Ungradable, load_submission

    if not folder.is_dir():
        return "the submitted files are gone (no folder in submitted/)"
    for notebook in notebooks:
        try:
            load_submission(folder, notebook)
        except Ungradable as exc:
            return exc.reason
    return "nbgrader autograde failed on it (see the autograde log)"


def load(root: str | Path, assignment: str) -> ClassRecord:
    """Read everything about ``assignment`` in the course at ``root``."""
    from nbgrader.api import Gradebook, MissingEntry

    root = Path(root).resolve()
    config = settings_module.load_nbgrader_config(root)
    course_config = config.get("CourseDirectory", {})
    course = Course(root, course_config.get("source_directory", "source"))
    results_dir = root / (config.get("GradeInSandbox", {}).get("results_directory") or "results")
    submitted_dir = root / (course_config.get("submitted_directory") or "submitted")
    autograded_dir = root / (course_config.get("autograded_directory") or "autograded")
    url = _db_url(root, config)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        raise ReportError(f"no gradebook at {url[len('sqlite:///'):]}: run nbgrader autograde {assignment} first")

    with Gradebook(url) as gradebook:
        try:
            entry = gradebook.find_assignment(assignment)
        except MissingEntry:
            known = ", ".join(a.name for a in gradebook.assignments) or "none"
            raise ReportError(f"the gradebook has no assignment {assignment!r} (it has: {known})") from None
        notebooks = [nb.name for nb in entry.notebooks]
        cells = []
        for nb in entry.notebooks:
            kinds = _kinds(course, assignment, nb.name)
            for grade_cell in nb.grade_cells:
                column = grade_cell.name if len(notebooks) == 1 else f"{nb.name}/{grade_cell.name}"
                cells.append(Cell(nb.name, grade_cell.name, float(grade_cell.max_score or 0),
                                  kinds.get(grade_cell.name, "auto"), column))
        rows = []
        for student in gradebook.students:
            row = Row(student.id, student.first_name or "", student.last_name or "", student.email or "",
                      str(student.lms_user_id or ""))
            try:
                submission = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                folder = submitted_dir / student.id / assignment
                if folder.is_dir():
                    row.status, row.reason = "ungradable", "submitted, but not autograded yet (run nbgrader autograde)"
                rows.append(row)
                continue
            row.timestamp = submission.timestamp
            row.late_penalty = float(submission.late_submission_penalty or 0.0)
            _fill(row, submission, cells, results_dir, autograded_dir, submitted_dir, assignment, notebooks)
            rows.append(row)
        duedate = entry.duedate
    return ClassRecord(assignment, root, duedate, cells, sorted(rows, key=lambda r: r.student))


def _fill(row: Row, submission, cells, results_dir: Path, autograded_dir: Path, submitted_dir: Path,
          assignment: str, notebooks: list) -> None:
    records = []
    for notebook in notebooks:
        path = results_dir / assignment / row.student / f"{notebook}.json"
        if path.exists():
            try:
                records.append(json.loads(path.read_text()))
            except (OSError, json.JSONDecodeError):
                pass
    row.results = records
    row.faults = [f for r in records for f in r.get("faults", [])]
    if records:
        row.seconds = round(sum(float(r.get("seconds") or 0.0) for r in records), 3)
    failed = [r for r in records if r.get("status", "graded") != "graded"]
    graded_files = [autograded_dir / row.student / assignment / f"{nb}.ipynb" for nb in notebooks]
    if failed:
        row.status = "ungradable"
        reasons = [r.get("reason") or r.get("status") for r in failed]
        if len(notebooks) > 1:  # name the notebook only where there is more than one to tell apart
            reasons = [f"{r.get('notebook')}: {why}" for r, why in zip(failed, reasons)]
        row.reason = "; ".join(reasons)
    elif not records and not all(p.exists() for p in graded_files):
        row.status = "ungradable"
        row.reason = _why_ungradable(submitted_dir / row.student / assignment, notebooks)
    else:
        row.status = "graded"
    grades = {}
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            grades[(notebook.name, grade.name)] = grade
    for cell in cells:
        grade = grades.get((cell.notebook, cell.name))
        if row.status != "graded" or grade is None:
            row.scores[cell.column] = None
            continue
        graded = grade.manual_score is not None or grade.auto_score is not None
        row.scores[cell.column] = float(grade.score) if graded else None
        if grade.needs_manual_grade:
            row.needs_manual.append(cell.column)
