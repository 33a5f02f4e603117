"""Capturing what a cell shows: printed text (capped), warnings, displayed values and figures."""
from __future__ import annotations

import base64
import io
import sys
import warnings
from builtins import BaseException, getattr, isinstance, len, list, repr, str, type  # bound now (see wire.py)

TRUNCATION_MARK = "\n[output truncated by the autograder: {dropped} more characters not kept]\n"


class CappedText(io.TextIOBase):
    """A text stream that keeps at most ``limit`` characters and counts the rest."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        room = self.limit - self.kept
        if room > 0:
            piece = text[:room]
            self.parts.append(piece)
            self.kept += len(piece)
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += TRUNCATION_MARK.format(dropped=self.dropped)
        return text


def safe_repr(value, limit: int = 20_000) -> str:
    try:
        text = repr(value)
    except BaseException as exc:
        text = f"<repr failed: {type(exc).__name__}>"
    if not isinstance(text, str):
        text = "<repr did not return text>"
    return text if len(text) <= limit else text[:limit] + "…"


def figure_outputs(max_figures: int = 10, dpi: int = 72) -> list[dict]:
    """PNG display outputs for every open Matplotlib figure, then close them (like inline)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    outputs = []
    try:
        numbers = list(pyplot.get_fignums())
        for number in numbers[:max_figures]:
            figure = pyplot.figure(number)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
            outputs.append({
                "output_type": "display_data",
                "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                         "text/plain": safe_repr(figure, 200)},
                "metadata": {},
            })
        pyplot.close("all")
    except BaseException as exc:  # a broken figure is the student's output, not our crash
        outputs.append({"output_type": "stream", "name": "stderr",
                        "text": f"[the autograder could not render a figure: {type(exc).__name__}: {exc}]\n"})
    return outputs


def warning_records(caught) -> list[dict]:
    records = []
    for item in caught[:50]:
        records.append({
            "category": getattr(item.category, "__name__", "Warning"),
            "message": safe_repr(str(item.message), 500).strip("'\""),
            "in_student_code": str(item.filename).startswith("<cell "),
        })
    return records


def format_warning(record: dict) -> str:
    return f"{record['category']}: {record['message']}\n"


class Capture:
    """Swap sys.stdout/sys.stderr for capped buffers and record warnings, for one cell or call."""

    def __init__(self, limit: int):
        self.stdout = CappedText(limit)
        self.stderr = CappedText(limit)
        self.warnings: list = []

    def __enter__(self):
        self._saved = sys.stdout, sys.stderr, warnings.showwarning
        sys.stdout, sys.stderr = self.stdout, self.stderr
        self._catcher = warnings.catch_warnings(record=True)
        self.warnings = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._catcher.__exit__(*exc)
        sys.stdout, sys.stderr, warnings.showwarning = self._saved
        return False
