"""What the sandbox's answers must look like, and the caps on what is kept of them.

The runner lives next to student code, so a student can make it answer anything (write frames on
its protocol descriptor, replace its functions). Every answer is therefore checked here, on the
trusted side, before anything reads it: an answer of the wrong shape is a ``SandboxFault`` of kind
"protocol" (the sandbox is replaced, like after a crash), never an exception in the grader and
never a malformed notebook that nbgrader would refuse to write.

``OutputBudget`` caps what a notebook keeps of its outputs: text per cell, text and images per
notebook, the size of one image. What is dropped is counted and marked in the output itself.
"""
from __future__ import annotations

import base64
import binascii

from autograder.isolation.limits import Limits
from autograder.isolation.faults import SandboxFault

CALL_STATUSES = {"ok", "missing", "not_callable", "raised", "unencodable", "bad_request"}
STREAM_NAMES = {"stdout", "stderr"}
MAX_OUTPUTS = 200  # outputs of one cell
MAX_TRACEBACK_LINES = 200
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TRUNCATED = "\n[output truncated by the autograder: {dropped} more characters not kept]\n"
BUDGET_SPENT = "[output not kept: this notebook's output budget of {limit} characters is spent ({dropped} characters dropped)]\n"
IMAGE_DROPPED = "[image not kept: {size} characters of PNG data is over the limit of {limit}]\n"


def _fault(what: str) -> SandboxFault:
    return SandboxFault("protocol", f"the sandbox sent a malformed answer ({what})")


def _str(value, what: str) -> str:
    if type(value) is not str:
        raise _fault(f"{what} is not text")
    return value


def _error(value) -> dict:
    if type(value) is not dict:
        raise _fault("error record is not a mapping")
    traceback = value.get("traceback", [])
    if type(traceback) is not list or not all(type(line) is str for line in traceback):
        raise _fault("traceback is not a list of text")
    return {"ename": _str(value.get("ename", "Error"), "ename")[:200],
            "evalue": _str(value.get("evalue", ""), "evalue")[:4000],
            "traceback": [line[:2000] for line in traceback[:MAX_TRACEBACK_LINES]]}


def _mime_bundle(data) -> dict:
    if type(data) is not dict or not data:
        raise _fault("display data is not a mapping")
    bundle = {}
    for mime, content in data.items():
        if mime in ("text/plain", "image/png"):
            bundle[mime] = _str(content, mime)
    if "text/plain" not in bundle and "image/png" not in bundle:
        raise _fault("display data has neither text/plain nor image/png")
    return bundle


def _output(value) -> dict:
    if type(value) is not dict:
        raise _fault("an output is not a mapping")
    kind = value.get("output_type")
    if kind == "stream":
        name = value.get("name")
        if name not in STREAM_NAMES:
            raise _fault("stream name")
        return {"output_type": "stream", "name": name, "text": _str(value.get("text"), "stream text")}
    if kind == "execute_result":
        count = value.get("execution_count")
        if count is not None and type(count) is not int:
            raise _fault("execution_count")
        return {"output_type": "execute_result", "execution_count": count, "data": _mime_bundle(value.get("data")),
                "metadata": {}}
    if kind == "display_data":
        return {"output_type": "display_data", "data": _mime_bundle(value.get("data")), "metadata": {}}
    if kind == "error":
        return {"output_type": "error", **_error(value)}
    raise _fault(f"unknown output type {str(kind)[:40]!r}")


def exec_reply(answer: dict) -> dict:
    """The runner's answer to ``exec``, checked and rebuilt from known fields only."""
    outputs = answer.get("outputs")
    if type(outputs) is not list:
        raise _fault("outputs is not a list")
    count = answer.get("execution_count")
    if count is not None and type(count) is not int:
        raise _fault("execution_count")
    error = answer.get("error")
    return {"outputs": [_output(o) for o in outputs[:MAX_OUTPUTS]],
            "error": _error(error) if error is not None else None, "execution_count": count}


def call_reply(answer: dict) -> dict:
    """The runner's answer to ``call``, checked; ``value`` and the arguments are plain data already."""
    status = answer.get("status")
    if status not in CALL_STATUSES:
        raise _fault(f"status {str(status)[:40]!r}")
    reply = {"status": status}
    warnings = answer.get("warnings", [])
    if type(warnings) is not list or not all(type(w) is dict for w in warnings):
        raise _fault("warnings")
    reply["warnings"] = [{"category": _str(w.get("category", "Warning"), "warning category")[:200],
                          "message": _str(w.get("message", ""), "warning message")[:1000],
                          "in_student_code": w.get("in_student_code") is True} for w in warnings[:50]]
    reply["stdout"] = _str(answer.get("stdout", ""), "stdout")[:5000]
    calls = answer.get("calls", {})
    if type(calls) is not dict or not all(type(n) is int and not isinstance(n, bool) and n >= 0 for n in calls.values()):
        raise _fault("helper call counts")
    reply["calls"] = calls
    seconds = answer.get("seconds", 0.0)
    if type(seconds) not in (int, float) or not 0 <= seconds < 1e6:
        raise _fault("seconds")
    reply["seconds"] = float(seconds)
    if status == "ok":
        if "value" not in answer:
            raise _fault("no value")
        reply["value"] = answer["value"]
    if status == "raised":
        reply["error"] = _error(answer.get("error"))
    for key in ("type", "detail"):
        if key in answer:
            reply[key] = _str(answer[key], key)[:500]
    if "args_after" in answer:
        if type(answer["args_after"]) is not list:
            raise _fault("args_after")
        reply["args_after"] = answer["args_after"]
    if "kwargs_after" in answer:
        if type(answer["kwargs_after"]) is not dict:
            raise _fault("kwargs_after")
        reply["kwargs_after"] = answer["kwargs_after"]
    return reply


def checks_begin_reply(answer: dict) -> dict:
    """The fork's answer to ``checks_begin``: which isolation it managed (``autograder.sandbox.nest``).

    Only informative: what this side relies on, it enforces itself (``isolation.notebook``)."""
    isolated = answer.get("isolated")
    if answer.get("status") != "ok" or type(isolated) is not list or not all(type(i) is str for i in isolated):
        raise _fault(f"checks_begin answer {str(answer)[:80]!r}")
    return {"status": "ok", "isolated": [i[:100] for i in isolated[:20]]}


class OutputBudget:
    """What one notebook keeps of its cells' outputs (text and images), and the marks for the rest."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.left = limits.notebook_output_chars
        self.dropped = 0
        self.note = ""

    def _text(self, text: str, cell_left: list) -> str:
        """Keep what fits in the cell's and the notebook's room; mark the rest."""
        room = max(0, min(cell_left[0], self.left))
        kept = text[:room]
        cell_left[0] -= len(kept)
        self.left -= len(kept)
        dropped = len(text) - len(kept)
        if not dropped:
            return kept
        self.dropped += dropped
        if cell_left[0] > 0:  # the cell had room: the notebook's budget is what stopped it
            return kept + "\n" + BUDGET_SPENT.format(limit=self.limits.notebook_output_chars, dropped=dropped)
        return kept + TRUNCATED.format(dropped=dropped)

    def _image(self, image: str) -> str | None:
        """The image if it may be kept, else None (and the reason in ``self.note``)."""
        if not _is_png(image):
            self.note = "[image not kept: the data is not a PNG]\n"
        elif len(image) > self.limits.image_chars:
            self.note = IMAGE_DROPPED.format(size=len(image), limit=self.limits.image_chars)
        elif len(image) > self.left:
            self.note = BUDGET_SPENT.format(limit=self.limits.notebook_output_chars, dropped=len(image))
        else:
            self.left -= len(image)
            return image
        self.dropped += len(image)
        return None

    def apply(self, outputs: list[dict]) -> list[dict]:
        cell_left = [self.limits.cell_output_chars]
        kept = []
        for output in outputs:
            kind = output["output_type"]
            if kind == "stream":
                kept.append({**output, "text": self._text(output["text"], cell_left)})
            elif kind == "error":
                lines = []
                for line in output["traceback"]:
                    if cell_left[0] <= 0 or self.left <= 0:
                        lines.append("[traceback truncated by the autograder]")
                        break
                    lines.append(self._text(line, cell_left))
                kept.append({**output, "evalue": self._text(output["evalue"], cell_left), "traceback": lines})
            else:
                data = dict(output["data"])
                if "image/png" in data and self._image(data["image/png"]) is None:
                    del data["image/png"]
                    kept.append({"output_type": "stream", "name": "stderr", "text": self.note})
                if "text/plain" in data:
                    data["text/plain"] = self._text(data["text/plain"], cell_left)
                if data:
                    kept.append({**output, "data": data})
        return kept


def _is_png(text: str) -> bool:
    try:
        return base64.b64decode(text[:16], validate=True).startswith(PNG_MAGIC)
    except (binascii.Error, ValueError):
        return False
