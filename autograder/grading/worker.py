"""The pure part of ``nbgrader autograde``, run by workers (a local process pool or Dask workers).

For one submission, a worker does what nbgrader's ``Autograde`` converter does to each notebook,
with nbgrader's own preprocessor classes and the course's own configuration, except what touches
the gradebook:

    sanitize:  ClearOutput, RestoreTestCells, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
               CheckCellMetadata                       (nbgrader_config.py's sanitize_preprocessors)
    autograde: GradeInSandbox, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, CheckCellMetadata
               (the configured autograde_preprocessors without SaveAutoGrades and AssignLatePenalties,
               which only write to the gradebook and run in the writer, on the notebook returned here)

``OverwriteCells`` and ``OverwriteKernelspec`` read the gradebook snapshot instead of the
gradebook; ``GradeInSandbox`` grades exactly as under nbgrader (``grade_notebook``, one fresh
sandbox per notebook) but returns its results instead of writing them. Between the two steps the
notebook is written and read back as nbgrader does through its autograded/ file, so the returned
notebook is byte for byte what ``nbgrader autograde`` would write.

A worker returns plain data only: the notebook as the JSON text nbgrader would write, the results
as a dict, timings and warnings. Student code never runs here: it runs in the sandbox, one per
notebook, so no process is ever shared between two students. What stays warm across submissions
is trusted: the imports (nbgrader, nbconvert, NumPy, the check library), the parsed source
notebook, the reference module, the loaded check modules and the sandbox settings.
"""
from __future__ import annotations

import atexit
import copy
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import numpy  # noqa: F401 - warm: the checks and the reference use it
from nbconvert.exporters import NotebookExporter
from nbgrader.converters.autograde import Autograde
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError, ValidationError
from nbgrader.preprocessors import (AssignLatePenalties, Execute, OverwriteCells,
                                    OverwriteKernelspec, SaveAutoGrades)
from traitlets.utils.importstring import import_item

from autograder import settings as settings_module
from autograder.checking import runner
from autograder.checking.course import Course
from autograder.checking.grade import grade_notebook
from autograder.grading.context import GradingContext, Task, checks_fingerprint
from autograder.nbgrader_plugin.preprocessor import GradeInSandbox
from autograder.nbgrader_plugin.sanitize import RestoreTestCells
from autograder.submissions import Ungradable, add_notes_cell, open_submission

LOGGER = logging.getLogger("autograder.grading.worker")
# resources["nbgrader"]["db_url"] on a worker: any preprocessor that tries to open the gradebook
# here fails loudly (SQLAlchemy knows no such dialect) instead of writing to it behind the writer.
NO_GRADEBOOK = "autograder-worker-has-no-gradebook://"
WRITER_PREPROCESSORS = (SaveAutoGrades, AssignLatePenalties)


class WorkerError(Exception):
    """The worker cannot grade with this context (configuration, mismatched checks)."""


# ---------------------------------------------------------------------------------------------
# nbgrader's preprocessors, reading the snapshot instead of the gradebook


class SnapshotOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells, with the gradebook snapshot in place of the gradebook."""

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = resources["nbgrader"]["snapshot"]
        nb, resources = super(OverwriteCells, self).preprocess(nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class SnapshotOverwriteKernelspec(OverwriteKernelspec):
    """nbgrader's OverwriteKernelspec, with the gradebook snapshot in place of the gradebook."""

    def preprocess(self, nb, resources):
        import json

        info = resources["nbgrader"]
        kernelspec = info["snapshot"].find_notebook(info["notebook"], info["assignment"]).kernelspec
        if kernelspec is not None:
            kernelspec = json.loads(kernelspec)
        if kernelspec:
            nb.metadata["kernelspec"] = kernelspec
        return nb, resources


class WorkerRestoreTestCells(RestoreTestCells):
    """RestoreTestCells reading the source notebook parsed once per worker."""

    state = None

    def preprocess(self, nb, resources):
        from autograder.checking.grade import restore_test_cells

        info = resources["nbgrader"]
        for change in restore_test_cells(nb, self.state.course.source_notebook(info["assignment"], info["notebook"])):
            self.log.warning("%s/%s: %s", info["student"], info["notebook"], change)
        return nb, resources


class WorkerGradeInSandbox(GradeInSandbox):
    """GradeInSandbox's grading, with its results handed back to the writer instead of written here."""

    state = None

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        graded = grade_notebook(nb, info["assignment"], info["student"], self.state.course, self.state.settings,
                                info["notebook"])
        resources["autograder"] = {
            "points": graded.points, "max_points": graded.max_points, "isolation": graded.isolation,
            "faults": list(graded.faults), "seconds": graded.seconds,
            "cells": [r.to_dict() for r in graded.results],
        }
        return graded.notebook, resources


SUBSTITUTES = {
    OverwriteCells: SnapshotOverwriteCells,
    OverwriteKernelspec: SnapshotOverwriteKernelspec,
    RestoreTestCells: WorkerRestoreTestCells,
    GradeInSandbox: WorkerGradeInSandbox,
}


def _classes(config, name: str) -> list:
    value = config.get("Autograde", {}).get(name) if "Autograde" in config else None
    if value is None:
        value = Autograde.class_traits()[name].default()
    return [import_item(c) if isinstance(c, str) else c for c in value]


def split_pipeline(config) -> tuple[list, list, list]:
    """(sanitize, autograde-on-worker, autograde-in-writer) preprocessor classes of the course's config."""
    sanitize = _classes(config, "sanitize_preprocessors")
    autograde = _classes(config, "autograde_preprocessors")
    for cls in sanitize + autograde:
        if isinstance(cls, type) and issubclass(cls, Execute):
            raise WorkerError("the course's nbgrader_config.py runs nbgrader's Execute preprocessor (a kernel per "
                              "notebook); `autograder grade` grades with GradeInSandbox: configure "
                              "c.Autograde.autograde_preprocessors as in this repository's nbgrader_config.py")
    if not any(isinstance(c, type) and issubclass(c, GradeInSandbox) for c in autograde):
        raise WorkerError("c.Autograde.autograde_preprocessors has no GradeInSandbox: nothing would grade the notebooks")
    on_worker = [c for c in autograde if not (isinstance(c, type) and issubclass(c, WRITER_PREPROCESSORS))]
    in_writer = [c for c in autograde if isinstance(c, type) and issubclass(c, WRITER_PREPROCESSORS)]
    return sanitize, on_worker, in_writer


class _CachedJsonschema:
    """``jsonschema`` as nbgrader's metadata validator sees it in a worker, with ``validate`` keeping
    one compiled validator per schema. ``jsonschema.validate`` checks the schema itself against the
    meta-schema on every call: nbgrader's CheckCellMetadata calls it for every nbgrader cell, twice
    per notebook, and that was the largest trusted cost of a submission. Same errors, same results."""

    def __init__(self, module):
        self._module = module
        self._validators = {}

    def __getattr__(self, name):
        return getattr(self._module, name)

    def validate(self, instance, schema, cls=None, *args, **kwargs):
        import json

        key = (json.dumps(schema, sort_keys=True), cls)
        validator = self._validators.get(key)
        if validator is None:
            validator_cls = cls or self._module.validators.validator_for(schema)
            validator_cls.check_schema(schema)
            validator = self._validators[key] = validator_cls(schema, *args, **kwargs)
        error = self._module.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error


def _speed_up_metadata_validation() -> None:
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _CachedJsonschema):
        common.jsonschema = _CachedJsonschema(common.jsonschema)


# ---------------------------------------------------------------------------------------------
# per-process state, prepared once per context


class BundleCourse(Course):
    """The course as a worker sees it: source notebooks and reference from the context, parsed once."""

    def __init__(self, root, source_directory):
        super().__init__(root, source_directory)
        self._parsed = {}

    def source_notebook(self, assignment, notebook=None):
        key = (assignment, notebook or assignment)
        if key not in self._parsed:
            self._parsed[key] = super().source_notebook(assignment, notebook)
        return copy.deepcopy(self._parsed[key])


class State:
    def __init__(self, context: GradingContext, workdir: str | None = None):
        _speed_up_metadata_validation()
        mine = checks_fingerprint(context.assignment) if context.verify_checks else context.checks_fingerprint
        if mine != context.checks_fingerprint:
            raise WorkerError(f"this worker ({socket.gethostname()}) has different hidden checks for "
                              f"{context.assignment} (fingerprint {mine}, the grader's is {context.checks_fingerprint}): "
                              "install the same version of the autograder on every worker")
        self.context = context
        self.root = Path(tempfile.mkdtemp(prefix="autograder-worker-", dir=workdir))
        atexit.register(shutil.rmtree, self.root, True)
        folder = self.root / context.source_directory / context.assignment
        folder.mkdir(parents=True)
        for name, data in context.source_notebooks.items():
            (folder / f"{name}.ipynb").write_bytes(data)
        (self.root / "reference").mkdir()
        (self.root / "reference" / f"{context.assignment}.py").write_bytes(context.reference)
        self.course = BundleCourse(self.root, context.source_directory)
        self.config = copy.deepcopy(context.config)
        self.config.CourseDirectory.root = str(self.root)
        self.config.Exporter.default_preprocessors = []  # as nbgrader's converters do
        # nbconvert validates the whole notebook after every preprocessor (11 times per notebook);
        # validate once, after the last one: the same notebooks pass, and fail, as under nbgrader
        self.config.Exporter.optimistic_validation = True
        self.settings = settings_module.make_settings(self.root, self.config, secret=context.secret,
                                                      isolation=context.isolation,
                                                      require_isolation=context.require_isolation)
        sanitize, on_worker, _ = split_pipeline(self.config)
        self.sanitize = self._exporter(sanitize)
        self.autograde = self._exporter(on_worker)
        self._warm()

    def _exporter(self, classes) -> NotebookExporter:
        exporter = NotebookExporter(config=self.config)
        exporter.log = LOGGER
        exporter._preprocessors = []
        for cls in classes:
            exporter.register_preprocessor(SUBSTITUTES.get(cls, cls))
        for preprocessor in exporter._preprocessors:
            if hasattr(type(preprocessor), "state"):
                preprocessor.state = self
        return exporter

    def _warm(self) -> None:
        """Load once what every submission needs: source notebooks, reference, check modules."""
        self.course.reference(self.context.assignment)
        for row in self.context.snapshot.notebooks:
            self.course.source_notebook(self.context.assignment, row.name)
            for grade_id in sorted(row.autograded_names):
                try:
                    runner.load(self.course.check_path(self.context.assignment, grade_id), self.context.assignment)
                except Exception:  # reported per cell by grade_notebook, with the reason
                    pass

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


_LOCK = threading.Lock()  # one submission at a time per process (Dask workers may run tasks in threads)
_STATES: dict[str, State] = {}
_DEFAULT: GradingContext | None = None
_WORKDIR: str | None = None  # where a local pool wants the worker's files (removed by the pool)


def _state(context: GradingContext | None) -> State:
    context = context if context is not None else _DEFAULT
    if context is None:
        raise WorkerError("no grading context: the worker was not initialised")
    key = context.key
    if key not in _STATES:
        for old in _STATES.values():  # one course at a time: memory stays flat
            old.close()
        _STATES.clear()
        _STATES[key] = State(context, _WORKDIR)
    return _STATES[key]


def install(context: GradingContext | str) -> None:
    """Process-pool initializer: prepare the context before the first submission arrives.

    ``context`` may be the path of a pickled context: the pool passes a path so that starting a
    worker never waits on a pipe while the previous one is still importing."""
    global _DEFAULT, _WORKDIR
    if isinstance(context, str):
        import pickle

        _WORKDIR = os.path.dirname(context)
        with open(context, "rb") as handle:
            context = pickle.load(handle)
    _DEFAULT = context
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    with _LOCK:
        _state(context)


# ---------------------------------------------------------------------------------------------
# grading one submission


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage()[:500])


def grade_task(context: GradingContext | None, task: Task) -> dict:
    """Grade one student's submission; returns plain data for the writer."""
    with _LOCK:
        state = _state(context)
        collect = _Collect()
        LOGGER.addHandler(collect)
        LOGGER.setLevel(logging.INFO)
        started = time.perf_counter()
        try:
            notebooks = {name: _grade_notebook(state, task, name) for name in state.context.snapshot.notebook_names}
        finally:
            LOGGER.removeHandler(collect)
    return {"student": task.student, "assignment": task.assignment, "notebooks": notebooks, "log": collect.lines,
            "seconds": time.perf_counter() - started, "worker": f"{socket.gethostname()}:{os.getpid()}"}


def _load(task: Task, name: str, expected: tuple):
    """The notebook and notes by the rules of ``autograder.submissions`` (the same as under nbgrader)."""
    with tempfile.TemporaryDirectory(prefix="autograder-submission-") as folder:
        for filename, data in task.files.items():
            (Path(folder) / filename).write_bytes(data)
        for filename, size in task.sizes.items():  # too large to ship: same size, so the same reason
            with open(Path(folder) / filename, "wb") as handle:
                handle.truncate(size)
        submission = open_submission(Path(folder), name, expected)
    add_notes_cell(submission.notebook, submission.notes)
    return submission.notebook, submission.notes


def _grade_notebook(state: State, task: Task, name: str) -> dict:
    timings = {}
    start = time.perf_counter()
    try:
        nb, notes = _load(task, name, tuple(state.context.snapshot.notebook_names))
    except Ungradable as exc:
        return {"status": "ungradable", "reason": exc.reason, "timings": timings}
    timings["load"] = time.perf_counter() - start
    resources = {"nbgrader": {"student": task.student, "assignment": task.assignment, "notebook": name,
                              "db_url": NO_GRADEBOOK, "snapshot": state.context.snapshot},
                 "unique_key": name, "output_files_dir": f"{name}_files"}
    try:
        mark = time.perf_counter()
        sanitized, _ = state.sanitize.from_notebook_node(nb, copy.copy(resources))
        timings["sanitize"] = time.perf_counter() - mark
        mark = time.perf_counter()
        # nbgrader writes the sanitized notebook to autograded/ and reads it back: the same round trip
        sanitized_nb = nbformat.reads(sanitized, as_version=4)
        output, out_resources = state.autograde.from_notebook_node(sanitized_nb, copy.copy(resources))
        timings["autograde"] = time.perf_counter() - mark
    except (ValidationError, SchemaTooOldError, SchemaTooNewError) as exc:
        return {"status": "ungradable", "timings": timings,
                "reason": f"{name}.ipynb has corrupted nbgrader cell metadata ({type(exc).__name__}: {str(exc)[:200]})"}
    except nbformat.ValidationError as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return {"status": "ungradable", "timings": timings,
                "reason": f"{name}.ipynb does not follow the notebook format after grading: {first[:200]}"}
    result = out_resources.get("autograder")
    if result is None:
        raise WorkerError("GradeInSandbox did not run (is it enabled in c.Autograde.autograde_preprocessors?)")
    timings["grade"] = result["seconds"]
    return {"status": "graded", "notebook": output, "result": result, "timings": timings, "notes": notes}
