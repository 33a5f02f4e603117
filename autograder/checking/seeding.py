"""Per-student, per-exercise seeds for hidden inputs.

seed = first 8 bytes of HMAC-SHA256(course secret, "assignment/exercise/student"), as a 63-bit
integer: no two students share hidden inputs, nobody without the secret can predict them, and a
re-grade draws the same inputs. Each check draws from ``default_rng([seed, crc32(check name)])``,
so adding a check does not change the inputs of the others (as pytest-randomly does per test id).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import zlib
from pathlib import Path

import numpy as np

SECRET_ENV = "AUTOGRADER_COURSE_SECRET"
SECRET_FILE = ".autograder-secret"


class MissingSecret(RuntimeError):
    """Raised when no course secret is configured, so hidden inputs cannot be derived."""


def course_secret(configured: str = "", root: str | os.PathLike = ".") -> str:
    """The course secret: environment > nbgrader_config.py > the secret file in the course root."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    if configured:
        return configured
    path = Path(root) / SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    raise MissingSecret(
        f"no course secret: set {SECRET_ENV}, c.GradeInSandbox.course_secret in nbgrader_config.py, "
        f"or run `autograder secret` to create {path}"
    )


def create_secret_file(root: str | os.PathLike = ".") -> Path:
    path = Path(root) / SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_hex(32) + "\n")
        path.chmod(0o600)
    return path


def derive_seed(secret: str, assignment: str, exercise: str, student: str) -> int:
    message = f"{assignment}/{exercise}/{student}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def check_rng(seed: int, check_name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(check_name.encode())])
