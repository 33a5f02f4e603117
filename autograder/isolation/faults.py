"""What can go wrong with a sandbox, as the trusted side reports it."""
from __future__ import annotations


class SandboxFault(Exception):
    """Raised when the sandbox times out, dies, exceeds a limit, or answers something that is not a valid message."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind  # "timeout", "died", "protocol", "cpu", "memory", "processes"
        self.detail = detail


class SandboxUnavailable(RuntimeError):
    """Raised when a fresh sandbox cannot be started (no student code has run in it yet).

    Not the student's fault, so never turned into a score: grading that notebook stops with this error
    (nbgrader records the submission as failed; the next run grades it again)."""
