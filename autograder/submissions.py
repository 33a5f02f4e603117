"""Reading a submitted notebook, or saying exactly why it cannot be graded.

``load_submission`` returns a notebook (nbformat v4) or raises ``Ungradable`` with a reason fit for
the gradebook and the report. It never lets a broken file stop a batch.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat


class Ungradable(Exception):
    """Raised when a submission cannot be graded; ``reason`` says why, in one sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def load_submission(folder: Path, notebook: str) -> "nbformat.NotebookNode":
    path = Path(folder) / f"{notebook}.ipynb"
    if not path.exists():
        others = sorted(p.name for p in Path(folder).glob("*.ipynb"))
        hint = f" (found: {', '.join(others)})" if others else ""
        raise Ungradable(f"{path.name} is missing from the submission{hint}")
    raw = path.read_bytes()
    if not raw.strip():
        raise Ungradable(f"{path.name} is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Ungradable(f"{path.name} is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Ungradable(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    try:
        return nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # nbformat raises several types for malformed notebooks
        raise Ungradable(f"{path.name} is not a readable notebook: {type(exc).__name__}: {str(exc)[:200]}") from None
