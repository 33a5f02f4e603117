"""Grading every submission of an assignment: find them, skip what is done, grade the rest in
parallel, and record each result as it arrives (``autograder grade``).

The main process is the only one that opens the gradebook. It takes the snapshot the workers need,
hands out at most two tasks per worker slot at a time (so memory does not grow with the class
size), and records each returned result in one transaction (``writer.GradebookWriter``). A
submission that cannot be graded (``Ungradable``) is recorded as such and never stops the batch;
a task that fails for another reason (a worker died, an error in our code) is retried once, then
reported, and left ungraded so the next run tries again.
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import fnmatch
import glob
import os
import re
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from autograder import settings as settings_module
from autograder.checking.failures import CheckConfigurationError
from autograder.checking.seeding import course_secret
from autograder.grading.context import GradingContext, Task, checks_fingerprint


@dataclasses.dataclass
class Options:
    root: Path
    assignment: str
    jobs: int | None = None  # local worker processes (default: the number of cores)
    student: str = "*"  # glob on student ids
    force: bool = False  # regrade submissions that are done
    scheduler: str | None = None  # tcp://HOST:PORT of a Dask scheduler
    db_url: str | None = None  # overrides c.CourseDirectory.db_url
    progress: bool = True
    retries: int = 1  # extra attempts for a task that failed for a reason other than the submission


@dataclasses.dataclass
class Summary:
    assignment: str
    found: int = 0
    skipped: int = 0  # already graded (resume)
    graded: int = 0
    ungradable: dict = dataclasses.field(default_factory=dict)  # student -> reason
    failed: dict = dataclasses.field(default_factory=dict)  # student -> error
    seconds: float = 0.0  # wall time of the grading phase
    worker_seconds: list = dataclasses.field(default_factory=list)  # per submission, on its worker
    writer_seconds: float = 0.0  # main process time recording results
    timings: dict = dataclasses.field(default_factory=dict)  # summed per-stage worker timings
    backend: str = ""
    workers: list = dataclasses.field(default_factory=list)  # "host:pid" of every worker that graded
    warnings: list = dataclasses.field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.graded + len(self.ungradable)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["processed"] = self.processed
        return data


class GradingError(Exception):
    """The batch cannot start (configuration, missing assignment, ...)."""


def _sqlite_relative_to(db_url: str, root: Path) -> str:
    """nbgrader runs from the course root, so a relative SQLite path is relative to it."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not db_url[len(prefix):].startswith("/") and db_url != prefix:
        return prefix + str(root / db_url[len(prefix):])
    return db_url


def course_directory(root: Path, config):
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    coursedir.root = str(root)
    coursedir.db_url = _sqlite_relative_to(coursedir.db_url, root)
    return coursedir


def _students(coursedir, assignment: str, pattern: str) -> list[str]:
    found = []
    regexp = coursedir.format_path(coursedir.submitted_directory, "(?P<student_id>[^/]+)", assignment, escape=True)
    for path in sorted(glob.glob(coursedir.format_path(coursedir.submitted_directory, "*", assignment))):
        match = re.fullmatch(regexp, path)
        if match and os.path.isdir(path) and fnmatch.fnmatchcase(match["student_id"], pattern):
            found.append(match["student_id"])
    excluded = set(filter(None, (coursedir.student_id_exclude or "").split(",")))
    return [s for s in found if s not in excluded]


def make_context(root: Path, config, assignment: str, snapshot) -> GradingContext:
    section = config.get("GradeInSandbox", {})
    isolation = os.environ.get(settings_module.ISOLATION_ENV) or section.get("isolation", "auto")
    if isolation not in ("auto", "bwrap", "process"):
        raise CheckConfigurationError(f"isolation={isolation!r} (from {settings_module.ISOLATION_ENV} or "
                                      "c.GradeInSandbox.isolation) must be auto, bwrap or process")
    settings_module.make_limits(dict(section.get("limits", {}) or {}), "c.GradeInSandbox.limits in nbgrader_config.py")
    source_directory = config.get("CourseDirectory", {}).get("source_directory", "source")
    notebooks = {}
    for row in snapshot.notebooks:
        path = root / source_directory / assignment / f"{row.name}.ipynb"
        if not path.exists():
            raise GradingError(f"the source notebook {path} is missing")
        notebooks[row.name] = path.read_bytes()
    reference = root / "reference" / f"{assignment}.py"
    if not reference.exists():
        raise GradingError(f"no reference solutions for {assignment}: {reference} does not exist")
    return GradingContext(
        assignment=assignment, source_directory=source_directory, source_notebooks=notebooks,
        reference=reference.read_bytes(), config=config, snapshot=snapshot,
        secret=course_secret(section.get("course_secret", ""), root), isolation=isolation,
        require_isolation=bool(section.get("require_isolation", False)),
        checks_fingerprint=checks_fingerprint(assignment))


def make_task(writer, student: str) -> Task:
    """Every notebook file of the submission folder (the rules of autograder.submissions pick the one to grade)."""
    from autograder.submissions import MAX_NOTEBOOK_BYTES

    files, sizes = {}, {}
    for path in sorted(writer.submitted_dir(student).glob("*.ipynb")):
        if path.is_file() and not path.name.startswith("."):
            size = path.stat().st_size
            if size > MAX_NOTEBOOK_BYTES:
                sizes[path.name] = size
            else:
                files[path.name] = path.read_bytes()
    return Task(student=student, assignment=writer.assignment, files=files, sizes=sizes)


def run(options: Options, console=None, on_start=None) -> Summary:
    from nbgrader.api import MissingEntry

    from autograder.grading.pool import DaskPool, LocalPool, default_jobs
    from autograder.grading.snapshot import take_snapshot
    from autograder.grading.writer import GradebookWriter, RecordError

    root = Path(options.root).resolve()
    config = settings_module.load_nbgrader_config(root)
    if options.db_url:
        config.CourseDirectory.db_url = options.db_url
    coursedir = course_directory(root, config)
    section = config.get("GradeInSandbox", {})
    results_directory = root / section.get("results_directory", "results")
    summary = Summary(options.assignment)
    writer = GradebookWriter(coursedir, config, options.assignment, None, results_directory, None)
    pool = None
    try:
        try:
            writer.snapshot = take_snapshot(writer.gradebook, options.assignment)
        except MissingEntry:
            raise GradingError(f"No assignment with ID '{options.assignment}' exists in the database: "
                               f"run `nbgrader generate_assignment {options.assignment}` first") from None
        writer.gradebook.db.commit()
        if not writer.snapshot.notebooks:
            raise GradingError("No notebooks found, did you forget to run 'nbgrader generate_assignment'?")
        context = make_context(root, config, options.assignment, writer.snapshot)
        students = _students(coursedir, options.assignment, options.student)
        summary.found = len(students)
        recorded = writer.recorded_in_gradebook()
        todo = [s for s in students if options.force or not writer.is_done(s, recorded)]
        summary.skipped = len(students) - len(todo)
        if not todo:
            return summary
        pool = DaskPool(options.scheduler, context) if options.scheduler else LocalPool(options.jobs or default_jobs(), context)
        summary.backend = pool.describe()
        if on_start:
            on_start(pool)
        started = time.monotonic()
        with _progress(console, options, len(todo)) as progress:
            _grade_all(pool, writer, todo, options, summary, progress, RecordError)
        summary.seconds = time.monotonic() - started
        return summary
    finally:
        if pool is not None:
            pool.close()
        writer.close()


def _grade_all(pool, writer, todo, options, summary, progress, RecordError) -> None:
    window = 2 * pool.capacity
    queue = list(reversed(todo))
    attempts: dict[str, int] = {}
    running: dict = {}  # future -> student
    successes_since_restart, restarts = 0, 0

    def submit(student):
        attempts[student] = attempts.get(student, 0) + 1
        running[pool.submit(make_task(writer, student))] = student

    while queue or running:
        while queue and len(running) < window:
            submit(queue.pop())
        done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
        broken = False
        for future in done:
            student = running.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                broken = True
                error = "a worker process died"
            except Exception as exc:  # the task failed for a reason that is not the submission's
                error = f"{type(exc).__name__}: {exc}"
            else:
                successes_since_restart += 1
                mark = time.perf_counter()
                try:
                    outcomes = writer.record(result)
                except (RecordError, Exception) as exc:  # rolled back: nothing of it is in the gradebook
                    summary.failed[student] = f"recording failed: {type(exc).__name__}: {exc}"
                else:
                    _count(summary, student, result, outcomes)
                summary.writer_seconds += time.perf_counter() - mark
                progress.advance(summary)
                continue
            if attempts[student] <= options.retries:
                queue.append(student)
            else:
                summary.failed[student] = error
                progress.advance(summary)
        if broken:
            restarts += 1
            if successes_since_restart == 0 and restarts > 1:
                raise GradingError("the worker processes die before grading anything (see the errors above); "
                                   "nothing more was graded")
            successes_since_restart = 0
            pool.restart()
            for future, student in list(running.items()):  # lost with the broken pool: try them again
                running.pop(future)
                queue.append(student)
                attempts[student] -= 1


def _count(summary: Summary, student: str, result: dict, outcomes: dict) -> None:
    reasons = [f"{n}: {r['reason']}" for n, r in result["notebooks"].items() if r["status"] != "graded"]
    if reasons:
        summary.ungradable[student] = "; ".join(reasons)
    else:
        summary.graded += 1
    summary.worker_seconds.append(result["seconds"])
    if result.get("worker") and result["worker"] not in summary.workers:
        summary.workers.append(result["worker"])
    for outcome in result["notebooks"].values():
        for stage, seconds in outcome.get("timings", {}).items():
            summary.timings[stage] = summary.timings.get(stage, 0.0) + seconds
    room = 2000 - len(summary.warnings)  # kept for --json; bounded so memory stays flat in the class size
    summary.warnings.extend(f"{student}: {line}" for line in result.get("log", [])[:max(room, 0)])


class _progress:
    """A rich progress bar (done/total, failures, ETA) or nothing."""

    def __init__(self, console, options: Options, total: int):
        self.enabled = options.progress
        self.total = total
        if self.enabled:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.bar = Progress(TextColumn(f"grading {options.assignment}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[problems]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                TimeRemainingColumn(), console=console, transient=False)
            self.task = self.bar.add_task("grading", total=total, problems="")

    def __enter__(self):
        if self.enabled:
            self.bar.start()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()

    def advance(self, summary: Summary) -> None:
        if self.enabled:
            problems = []
            if summary.ungradable:
                problems.append(f"{len(summary.ungradable)} ungradable")
            if summary.failed:
                problems.append(f"[red]{len(summary.failed)} failed[/red]")
            self.bar.update(self.task, advance=1, problems=", ".join(problems) or "no failures")
