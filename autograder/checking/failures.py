"""The one exception hierarchy of the check library."""
from __future__ import annotations


class CheckFailure(AssertionError):
    """Raised when the student's answer fails a check; ``message`` is what the student reads.

    ``rung`` names where the feedback ladder stopped (missing, raised, type, shape, finite,
    value, property, warning, mutation, policy); ``detail`` is for the instructor only.
    """

    def __init__(self, message: str, *, rung: str = "value", detail: str = "", mistake: dict | None = None):
        super().__init__(message)
        self.message = message
        self.rung = rung
        self.detail = detail
        self.mistake = mistake


class CheckConfigurationError(Exception):
    """Raised when a check module or the course configuration is wrong (an instructor's error).

    The message says what is wrong and where (file and check name), like pytest-timeout's
    "Invalid timeout X from marker".
    """
