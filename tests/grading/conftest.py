"""Fixtures of the grading tests: a released vector_calculus course, made once and cloned per test."""
import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from autograder import coursework  # noqa: E402
from grading_helpers import ASSIGNMENT, DUE  # noqa: E402


@pytest.fixture(scope="session")
def released_course(tmp_path_factory):
    """A course with vector_calculus released (due date DUE) in an SQLite gradebook: clone it."""
    course_dir = coursework.make_course(tmp_path_factory.mktemp("released") / "course")
    coursework.nbgrader(course_dir, "db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE.isoformat()}")
    coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--create")
    return course_dir


@pytest.fixture
def clone_course(released_course):
    """clone_course(path, extra_config="") -> a copy of the released course at path."""
    def clone(path, extra_config: str = ""):
        shutil.copytree(released_course, path, symlinks=True)
        coursework.make_course(path)  # points nbgrader_config.py at the copy
        if extra_config:
            with open(path / "nbgrader_config.py", "a") as handle:
                handle.write(extra_config)
        return path
    return clone


