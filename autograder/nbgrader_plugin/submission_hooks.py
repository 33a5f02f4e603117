"""The reading rules of ``autograder.submissions`` wired into ``nbgrader autograde``.

nbgrader reads each submitted file itself, before any preprocessor runs. Three settings in
nbgrader_config.py route that reading through our rules:

    c.Autograde.exporter_class = "autograder.nbgrader_plugin.submission_hooks.SubmissionExporter"
    c.Autograde.pre_convert_hook = "autograder.nbgrader_plugin.submission_hooks.before_student"
    c.Autograde.post_convert_hook = "autograder.nbgrader_plugin.submission_hooks.after_student"

An ungradable submission gets a notebook that says why, its grades are left for a person (no auto
score, "needs manual grade", flagged, the reason as the comment of each answer cell) and
``results/<assignment>/<student>/<notebook>.json`` has status "ungradable" and the reason. The same
glue makes a batch resumable: a submission whose grading was cut short (the grader was killed) is
graded again on the next run; finished ones are kept.

The exporter is created once per ``nbgrader autograde`` run, before any submission is looked at;
the hooks run around each student's submission folder. They share ``_STATE`` (one nbgrader process).
"""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter

from autograder.submissions import (NOTES_CELL_ID, Ungradable, _notebook_files, add_notes_cell, find_notebook,
                                    read_notebook)

log = logging.getLogger("autograder.submissions")

_STATE: dict = {"coursedir": None, "results": None, "log": log, "redirects": {}, "ungradable": {}}
GRADING_MARKER = ".grading"  # results/<assignment>/<student>/.grading while that submission is being graded


def _key(filename) -> str:
    return os.path.normpath(os.path.abspath(str(filename)))


def _expected_notebooks(coursedir, assignment: str) -> list[str]:
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    return sorted(p.stem for p in _notebook_files(source))


def _marker(assignment: str, student: str) -> Path | None:
    return Path(_STATE["results"]) / assignment / student / GRADING_MARKER if _STATE["results"] else None


def before_student(assignment=None, student=None, notebooks=None, **_):
    """nbgrader's pre_convert_hook: decide which file is each expected notebook, mark the grading as begun.

    ``notebooks`` is nbgrader's own list of this student's files; it is edited in place, so that a
    renamed notebook is graded under its expected name and files that are not part of the assignment
    are left alone (both noted in the graded notebook)."""
    coursedir = _STATE["coursedir"]
    if not notebooks or coursedir is None:
        return
    folder = Path(notebooks[0]).parent
    student_id, assignment_id = folder.parent.name, folder.name
    marker = _marker(assignment_id, student_id)
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("grading began; if this file is still here, the run was cut short\n")
    expected = _expected_notebooks(coursedir, assignment_id)
    if not expected:
        return
    present = {Path(p).stem for p in notebooks}
    for name in expected:
        target = _key(folder / f"{name}.ipynb")
        try:
            _STATE["redirects"][target] = find_notebook(folder, name, tuple(expected))
        except Ungradable as exc:
            _STATE["redirects"][target] = exc
        if name not in present:
            notebooks.append(target)
    notebooks[:] = sorted(p for p in notebooks if Path(p).stem in expected)


def after_student(assignment=None, student=None, notebooks=None, **_):
    """nbgrader's post_convert_hook: the submission is graded and written; its grading is finished."""
    if notebooks:
        folder = Path(notebooks[0]).parent
        marker = _marker(folder.name, folder.parent.name)
        if marker is not None and marker.exists():
            marker.unlink()


class SubmissionExporter(NotebookExporter):
    """nbgrader's exporter for ``autograde``, reading each submission by the rules of this module.

    Sanitize pass (reading ``submitted/``): the file is found and read with ``find_notebook`` and
    ``read_notebook``; notes go into a cell at the top; an ungradable file becomes a placeholder
    notebook that says why (nbgrader's sanitize steps are skipped for it). Autograde pass: a
    placeholder is recorded as ungradable in the gradebook and the results, without grading.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        converter = self.parent
        coursedir = getattr(converter, "coursedir", None)
        if coursedir is None or not hasattr(converter, "_sanitizing"):
            return
        results = self.config.get("GradeInSandbox", {}).get("results_directory", "results")
        _STATE.update(coursedir=coursedir, results=str(Path(coursedir.root) / results), log=converter.log,
                      redirects={}, ungradable={})
        _resume_cut_short(coursedir)

    def from_filename(self, filename, resources=None, **kw):
        info = (resources or {}).get("nbgrader")
        if info is None or _STATE["coursedir"] is None:
            return super().from_filename(filename, resources, **kw)
        key = (info["assignment"], info["student"], info["notebook"])
        _set_file_metadata(resources, filename)
        if getattr(self.parent, "_sanitizing", False):
            return self._sanitize(filename, resources, key, **kw)
        reason = _STATE["ungradable"].pop(key, None)
        if reason is None:
            return super().from_filename(filename, resources, **kw)
        record_ungradable(info, reason)
        return self._without_preprocessors(nbformat.read(filename, as_version=4), resources)

    def _sanitize(self, filename, resources, key, **kw):
        found = _STATE["redirects"].pop(_key(filename), None)
        try:
            if isinstance(found, Ungradable):
                raise found
            path, notes = found if found is not None else (Path(filename), [])
            nb, more = read_notebook(path)
            notes = notes + more
        except Ungradable as exc:
            _STATE["ungradable"][key] = exc.reason
            _STATE["log"].error("UNGRADABLE %s/%s/%s.ipynb: %s", key[1], key[0], key[2], exc.reason)
            return self._without_preprocessors(placeholder(key[0], key[2], exc.reason, Path(filename)), resources)
        nb.metadata.pop("autograder", None)  # that key is ours; a student's is ignored
        for note in notes:
            _STATE["log"].warning("%s/%s/%s.ipynb: %s", key[1], key[0], key[2], note)
        add_notes_cell(nb, notes)
        return self.from_notebook_node(nb, resources, **kw)

    def _without_preprocessors(self, nb, resources):
        saved, self._preprocessors = self._preprocessors, []
        try:
            return self.from_notebook_node(nb, resources)
        finally:
            self._preprocessors = saved


def _set_file_metadata(resources, filename) -> None:
    metadata = resources.setdefault("metadata", {})
    path, base = os.path.split(str(filename))
    metadata.setdefault("name", os.path.splitext(base)[0])
    metadata.setdefault("path", path)


def placeholder(assignment: str, notebook: str, reason: str, path: Path, course=None):
    """The notebook stored for an ungradable submission: why, what the file begins with, the released cells.

    ``course``: an ``autograder.checking.course.Course``; by default the course of the running
    ``nbgrader autograde``."""
    from nbgrader.preprocessors import ClearSolutions

    from autograder.checking.course import Course

    if course is None:
        coursedir = _STATE["coursedir"]
        course = Course(coursedir.root, coursedir.source_directory)
    nb = course.source_notebook(assignment, notebook)
    nb, _ = ClearSolutions().preprocess(nb, {})
    header = nbformat.v4.new_markdown_cell(
        f"## Not graded automatically\n\n**Reason:** {reason}\n\nThe autograder could not read this submission, so "
        "it gave no score: every graded cell waits for a person (\"needs manual grade\") and the submission is "
        "flagged. The submitted file is kept unchanged in `submitted/`; the released notebook follows for reference.")
    header.id = NOTES_CELL_ID
    cells = [header]
    text = path.read_bytes()[:20_000].decode("utf-8", "replace") if path.is_file() else ""
    if text.strip():
        raw = nbformat.v4.new_raw_cell(f"The submitted file begins with:\n\n{text}")
        raw.id = NOTES_CELL_ID + "-file"  # fixed ids: grading twice gives the same notebook
        cells.append(raw)
    nb.cells = cells + nb.cells
    nb.metadata["autograder"] = {"ungradable": reason}
    return nb


def mark_ungradable(submitted_notebook, reason: str) -> None:
    """A gradebook SubmittedNotebook left for a person: no auto score, needs manual grade, flagged,
    the reason as the comment of every answer cell. The caller commits."""
    for grade in submitted_notebook.grades:
        grade.auto_score = None
        grade.needs_manual_grade = True
    for comment in submitted_notebook.comments:
        comment.auto_comment = f"Not graded automatically: {reason}"
    submitted_notebook.flagged = True


def record_ungradable(info: dict, reason: str) -> None:
    """Gradebook: no auto score, needs manual grade, flagged, the reason on every answer cell; results JSON."""
    from nbgrader.api import Gradebook

    from autograder.results_store import write_result

    with Gradebook(info["db_url"]) as gradebook:
        mark_ungradable(gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"]),
                        reason)
        gradebook.db.commit()
    if _STATE["results"]:
        write_result(Path(_STATE["results"]), info["assignment"], info["student"], info["notebook"], None,
                     status="ungradable", reason=reason)


def _resume_cut_short(coursedir) -> None:
    """Remove what a killed run left of the submissions it was grading, so that nbgrader grades them again.

    nbgrader skips a submission whose autograded/ folder exists; a run killed halfway through one
    leaves that folder (and half its gradebook rows) behind. ``before_student`` marks each submission
    when its grading begins and ``after_student`` when it ends; a mark left over is such a submission."""
    import fnmatch

    results = Path(_STATE["results"])
    for marker in sorted(results.glob(f"*/*/{GRADING_MARKER}")):
        student, assignment = marker.parent.name, marker.parent.parent.name
        if not (fnmatch.fnmatch(assignment, coursedir.assignment_id) and fnmatch.fnmatch(student, coursedir.student_id)):
            continue
        folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
        _STATE["log"].warning("%s/%s was being graded when an earlier run stopped; it is graded again",
                              student, assignment)
        if folder.exists():
            shutil.rmtree(folder)
        marker.unlink()
