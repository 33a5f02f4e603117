"""Run the hidden checks with plain pytest: ``pytest autograder/checks/<assignment>``.

By default the checks run against the reference solutions, executed in the sandbox like a
submission; ``--notebook PATH`` runs them against a student's notebook instead (all its cells run
first, then the checks; grading proper runs each test cell's checks where the cell stands).
``--student`` picks whose seeded hidden inputs to draw, ``--seed`` replays a printed seed.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from autograder.checking import mistakes
from autograder.checking.course import Course, is_test_cell, nbgrader_meta
from autograder.checking.runner import Submission
from autograder.checking.seeding import check_rng, derive_seed
from autograder.checking.student import StudentProxy
from autograder.isolation.notebook import SandboxedNotebook

COURSE = Course(Path(__file__).resolve().parents[2], "assignments")


def pytest_addoption(parser):
    group = parser.getgroup("autograder")
    group.addoption("--notebook", help="grade this notebook instead of the reference solutions")
    group.addoption("--student", default="reference", help="student id that seeds the hidden inputs")
    group.addoption("--seed", type=int, help="replay this seed")


def _assignment(request) -> str:
    return Path(request.node.path).parent.name


def _exercise(request) -> str:
    return Path(request.node.path).stem.removeprefix("test_")


@pytest.fixture(scope="module")
def _notebook(request):
    path = request.config.getoption("--notebook")
    with SandboxedNotebook() as sandbox:
        if path:
            nb = nbformat.read(path, as_version=4)
            cells = [(nbgrader_meta(c).get("grade_id") or f"cell-{i}", c.source) for i, c in enumerate(nb.cells)
                     if c.cell_type == "code" and not is_test_cell(c)]
        else:
            assignment = _assignment(request)
            cells = [("reference", COURSE.reference_path(assignment).read_text())]
        for cell_id, source in cells:
            sandbox.exec_cell(cell_id, source)
        yield sandbox, {cell_id: source for cell_id, source in cells}


@pytest.fixture(autouse=True)
def _mistakes(request):
    with mistakes.active(mistakes.collect(request.module, _exercise(request))):
        yield


@pytest.fixture
def student(_notebook):
    return StudentProxy(_notebook[0])


@pytest.fixture
def reference(request):
    return COURSE.reference(_assignment(request))


@pytest.fixture
def seed(request):
    replay = request.config.getoption("--seed")
    if replay is not None:
        return replay
    return derive_seed("pytest", _assignment(request), _exercise(request), request.config.getoption("--student"))


@pytest.fixture
def rng(request, seed):
    return check_rng(seed, request.node.name.removeprefix("test_"))


@pytest.fixture
def submission(request, _notebook):
    return Submission(request.config.getoption("--student"), _notebook[1])
