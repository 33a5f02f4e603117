"""Shared test fixtures. Every test starts the real components it needs; nothing is mocked."""
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("AUTOGRADER_COURSE_SECRET", "tests-secret")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def course():
    from autograder.checking.course import Course
    return Course(REPO, "assignments")


@pytest.fixture(scope="session")
def grading_settings():
    from autograder import settings
    return settings.make_settings(REPO, secret="tests-secret")
