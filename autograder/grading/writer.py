"""The one place that writes the gradebook (and the autograded/ and results/ files) for a batch.

Everything of nbgrader's ``autograde`` that touches the gradebook happens here, in the main
process, on the data the workers return:

- what ``Autograde.init_assignment`` does: create/update the student, create/update the submission
  with the timestamp from ``timestamp.txt``, copy the submission's other files and the source's
  other files into ``autograded/<student>/<assignment>/``;
- nbgrader's own ``SaveAutoGrades`` and ``AssignLatePenalties`` on each returned notebook (their
  code, given this writer's open gradebook instead of opening one per notebook);
- the autograded notebook (the exact text nbgrader would write) with nbgrader's permissions (444),
  and the full results JSON (``autograder.results_store.write_result``).

One submission's gradebook rows are written in one transaction: nbgrader's ``Gradebook`` commits
after every row, so inside ``one_transaction`` a commit only flushes, and the transaction commits
(or rolls back) once. A process killed mid-way leaves no half-written submission. Files follow
the commit, and the results JSON comes last: it is the mark that a submission is done.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import warnings

from nbformat.v4 import nbjson
from nbgrader.api import (Assignment, Gradebook, Grade, MissingEntry, Notebook, SubmittedAssignment,
                          SubmittedNotebook)
from nbgrader.converters.autograde import Autograde
from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
from nbgrader.utils import find_all_files

from autograder.checking.results import CellResult
from autograder.grading.worker import split_pipeline
from autograder.results_store import result_path, write_result


# nbgrader 0.9.6's add_submission makes SQLAlchemy 2 warn on every new submission (stock autograde too)
warnings.filterwarnings("ignore", message=".*not in session, add operation along.*")


class RecordError(Exception):
    """A submission's result could not be recorded (the gradebook refused it)."""


@contextlib.contextmanager
def one_transaction(gradebook):
    """Run nbgrader's gradebook calls as one transaction: their commits only flush until the end."""
    session = gradebook.db
    session.commit = session.flush
    try:
        yield
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


class WriterSaveAutoGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, with the writer's open gradebook instead of a new one per notebook."""

    gradebook_in_use = None

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.gradebook = self.gradebook_in_use
        return super(SaveAutoGrades, self).preprocess(nb, resources)


class WriterAssignLatePenalties(AssignLatePenalties):
    """nbgrader's AssignLatePenalties, with the writer's open gradebook (the body is nbgrader 0.9.6's)."""

    gradebook_in_use = None

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
        self.student_id, self.db_url = info["student"], info["db_url"]
        self.init_plugin()
        self.gradebook = self.gradebook_in_use
        nb, resources = super(AssignLatePenalties, self).preprocess(nb, resources)
        assignment = self.gradebook.find_submission(self.assignment_id, self.student_id)
        notebook = self.gradebook.find_submission_notebook(self.notebook_id, self.assignment_id, self.student_id)
        notebook.late_submission_penalty = None
        if assignment.total_seconds_late > 0:
            late_penalty = self.plugin_inst.late_submission_penalty(
                self.student_id, notebook.score, assignment.total_seconds_late)
            if late_penalty is not None:
                late_penalty = self._check_late_penalty(notebook, late_penalty)
                notebook.late_submission_penalty = late_penalty
        self.gradebook.db.commit()
        return nb, resources


WRITER_SUBSTITUTES = {SaveAutoGrades: WriterSaveAutoGrades, AssignLatePenalties: WriterAssignLatePenalties}


class _Graded:
    """What ``write_result`` reads, rebuilt from the worker's plain data."""

    def __init__(self, data: dict):
        self.results = [CellResult.from_dict(c) for c in data["cells"]]
        self.isolation, self.faults, self.seconds = data["isolation"], data["faults"], data["seconds"]
        self.points, self.max_points = data["points"], data["max_points"]


class GradebookWriter:
    def __init__(self, coursedir, config, assignment: str, snapshot, results_directory: Path, log):
        self.coursedir, self.config, self.assignment, self.snapshot = coursedir, config, assignment, snapshot
        self.results_directory = Path(results_directory)
        self.log = log
        self.converter = Autograde(coursedir=coursedir, config=config)  # create_student, permissions, exclude_overwriting
        self.gradebook = Gradebook(coursedir.db_url, coursedir.course_id)
        self.preprocessors = []
        for cls in split_pipeline(config)[2]:
            if cls not in WRITER_SUBSTITUTES:
                raise RecordError(f"{cls.__module__}.{cls.__name__} writes to the gradebook in a way `autograder grade` "
                                  "does not know; use nbgrader autograde for this course")
            preprocessor = WRITER_SUBSTITUTES[cls](config=config)
            preprocessor.gradebook_in_use = self.gradebook
            self.preprocessors.append(preprocessor)

    def close(self) -> None:
        self.gradebook.close()

    # ------------------------------------------------------------------ paths
    def submitted_dir(self, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, self.assignment))

    def autograded_dir(self, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, student, self.assignment))

    # ------------------------------------------------------------------ resuming
    def recorded_in_gradebook(self) -> set:
        """(student, notebook) pairs whose autograded scores, or ungradable flag, are in the gradebook."""
        db = self.gradebook.db
        flagged = (db.query(SubmittedAssignment.student_id, Notebook.name)
                   .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                   .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                   .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                   .filter(Assignment.name == self.assignment, SubmittedNotebook.flagged.is_(True)).all())
        rows = (db.query(SubmittedAssignment.student_id, Notebook.name)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
                .filter(Assignment.name == self.assignment, Grade.auto_score.isnot(None))
                .distinct().all())
        db.commit()  # end the read transaction
        return {(student, notebook) for student, notebook in rows + flagged}

    def is_done(self, student: str, recorded: set) -> bool:
        """Graded already: for every notebook, the results JSON (and, when graded, the autograded
        notebook) exist, are newer than every file of the submission, and its scores are in the
        gradebook; nbgrader's own rule (the submission's timestamp.txt is not newer than the
        autograded one) holds too."""
        submitted = self.submitted_dir(student)
        newest = max((p.stat().st_mtime_ns for p in submitted.rglob("*") if p.is_file()), default=0)
        autograded = self.autograded_dir(student)
        import json
        for row in self.snapshot.notebooks:
            path = result_path(self.results_directory, self.assignment, student, row.name)
            try:
                if path.stat().st_mtime_ns < newest:
                    return False
                status = json.loads(path.read_text()).get("status")
            except (OSError, ValueError):
                return False
            if status not in ("graded", "ungradable"):
                return False
            notebook = autograded / f"{row.name}.ipynb"
            if not notebook.exists() or notebook.stat().st_mtime_ns < newest:
                return False
            if row.grade_cells and (student, row.name) not in recorded:
                return False
        new, old = (self.coursedir.get_existing_timestamp(str(d)) for d in (submitted, autograded))
        if new is not None and old is not None and new > old:
            return False
        return True

    # ------------------------------------------------------------------ recording one submission
    def record(self, result: dict) -> dict:
        """Write one submission's result: gradebook rows (one transaction), autograded files, results JSON."""
        student = result["student"]
        submitted = self.submitted_dir(student)
        notebooks = {}
        try:
            with one_transaction(self.gradebook):
                self._init_submission(student, submitted)
                for name, outcome in result["notebooks"].items():
                    if outcome["status"] == "graded":
                        # the worker validated this text when it wrote it: read it back without validating again
                        notebooks[name] = nbjson.reads(outcome["notebook"])
                        resources = {"nbgrader": {"student": student, "assignment": self.assignment, "notebook": name,
                                                  "db_url": self.coursedir.db_url}}
                        for preprocessor in self.preprocessors:
                            notebooks[name], resources = preprocessor(notebooks[name], resources)
                    else:
                        self._ungradable(student, name, outcome["reason"])
        except (MissingEntry, RecordError) as exc:
            raise RecordError(f"{student}: {exc}") from None
        texts = {n: (r["notebook"] if r["status"] == "graded" else self.placeholder_text(student, n, r["reason"]))
                 for n, r in result["notebooks"].items()}
        self._write_autograded(student, submitted, texts)
        for name, outcome in result["notebooks"].items():
            if outcome["status"] == "graded":
                write_result(self.results_directory, self.assignment, student, name, _Graded(outcome["result"]))
            else:
                write_result(self.results_directory, self.assignment, student, name, None, status="ungradable",
                             reason=outcome["reason"])
        return {name: (outcome["result"]["points"] if outcome["status"] == "graded" else None)
                for name, outcome in result["notebooks"].items()}

    def _init_submission(self, student: str, submitted: Path) -> None:
        """The gradebook part of nbgrader's Autograde.init_assignment."""
        gradebook = self.gradebook
        if self.converter.create_student:
            gradebook.update_or_create_student(student)
        else:
            try:
                gradebook.find_student(student)
            except MissingEntry:
                raise RecordError(f"No student with ID '{student}' exists in the database") from None
        timestamp = self.coursedir.get_existing_timestamp(str(submitted))
        if timestamp:
            gradebook.update_or_create_submission(self.assignment, student, timestamp=timestamp)
        else:
            gradebook.update_or_create_submission(self.assignment, student)

    def _ungradable(self, student: str, notebook: str, reason: str) -> None:
        """As ``nbgrader autograde`` with our hooks records it, here inside the submission's transaction."""
        from autograder.nbgrader_plugin.submission_hooks import mark_ungradable

        mark_ungradable(self.gradebook.find_submission_notebook(notebook, self.assignment, student), reason)
        self.gradebook.db.commit()  # a flush inside one_transaction

    def placeholder_text(self, student: str, notebook: str, reason: str) -> str:
        """The notebook nbgrader (with our submission hooks) stores for an ungradable file."""
        from nbconvert.exporters import NotebookExporter

        from autograder.checking.course import Course
        from autograder.nbgrader_plugin.submission_hooks import placeholder

        course = Course(self.coursedir.root, self.coursedir.source_directory)
        nb = placeholder(self.assignment, notebook, reason, self.submitted_dir(student) / f"{notebook}.ipynb",
                         course=course)
        exporter = NotebookExporter(config=self.config)
        exporter._preprocessors = []
        text, _ = exporter.from_notebook_node(nb, {})
        text, _ = exporter.from_notebook_node(nbjson.reads(text), {})  # written, read back, written: as nbgrader
        return text

    def _write_autograded(self, student: str, submitted: Path, outputs: dict) -> None:
        """autograded/<student>/<assignment>/ as nbgrader leaves it, swapped in whole."""
        dest = self.autograded_dir(student)
        staging = dest.parent / f".{dest.name}.autograder-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        ignore = list(self.coursedir.ignore)
        for filename in find_all_files(str(submitted), ignore + ["*.ipynb"]):  # BaseConverter.init_assignment
            target = staging / os.path.relpath(filename, submitted)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(filename, target)
        source = self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment)
        excluded = {os.path.join(source, x) for x in self.converter.exclude_overwriting.get(self.assignment, [])}
        for filename in sorted(set(find_all_files(source, ignore + ["*.ipynb"])) - excluded):  # Autograde.init_assignment
            target = staging / os.path.relpath(filename, source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            shutil.copy(filename, target)
        for name, text in outputs.items():
            with open(staging / f"{name}.ipynb", "w", encoding="utf-8") as handle:  # nbconvert's FilesWriter
                handle.write(text)
        permissions = int(str(self.converter.permissions), 8)  # BaseConverter.set_permissions
        for dirname, _, filenames in os.walk(staging):
            for filename in filenames:
                os.chmod(os.path.join(dirname, filename), permissions)
        if dest.exists():
            shutil.rmtree(dest)
        os.rename(staging, dest)
