"""Driving a real nbgrader course directory: set it up, release, submit, run nbgrader commands.

Used by the demo (``autograder demo``) and by the end-to-end tests, so both exercise exactly the
stock ``nbgrader`` commands an instructor runs, with this repository's nbgrader_config.py.
"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder import fixtures
from autograder.checking.course import Course, nbgrader_meta

REPO = Path(__file__).resolve().parents[1]


def make_course(directory: Path, secret: str = "demo-secret") -> Path:
    """A course directory using this repository's assignments, references and configuration."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("assignments", "reference"):
        link = directory / name
        if not link.exists():
            link.symlink_to(REPO / name, target_is_directory=True)
    (directory / "nbgrader_config.py").write_text(
        f"exec(open({str(REPO / 'nbgrader_config.py')!r}).read())\n"
        f"c.CourseDirectory.root = {str(directory)!r}\n"
    )
    secret_file = directory / ".autograder-secret"
    if not secret_file.exists():
        secret_file.write_text(secret + "\n")
    return directory


def nbgrader(course_dir: Path, *args: str, check: bool = True, timeout: float = 1200) -> subprocess.CompletedProcess:
    """Run a stock nbgrader command in the course directory (the venv's bin first on PATH)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course_dir, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


def released_notebook(course_dir: Path, assignment: str):
    return nbformat.read(str(Path(course_dir) / "release" / assignment / f"{assignment}.ipynb"), as_version=4)


def student_notebook(course_dir: Path, assignment: str, fixture: fixtures.Fixture | None):
    """What a student hands in: the released notebook, answered like the full solution, then the
    fixture's changes (a fixture of None is a correct submission)."""
    nb = released_notebook(course_dir, assignment)
    solved = fixtures.solution_notebook(Course(course_dir, "assignments"), assignment)
    answers = {nbgrader_meta(c).get("grade_id"): c.source for c in solved.cells if nbgrader_meta(c).get("solution")}
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    if fixture is not None:
        nb = fixtures.apply(fixture, nb)
    return nb


def submit(course_dir: Path, student: str, assignment: str, nb, when: datetime.datetime | None = None) -> Path:
    """Place a submission where ``nbgrader collect`` would put it, with its timestamp."""
    folder = Path(course_dir) / "submitted" / student / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / f"{assignment}.ipynb"))
    stamp = (when or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    (folder / "timestamp.txt").write_text(stamp)
    return folder
