"""The process that runs one student's notebook inside the sandbox.

It reads framed requests (``autograder.wire``) on the protocol stream and answers each:

- ``exec``: run a code cell in the notebook namespace; answer its outputs (text, the displayed
  value, figures as PNG, the error with a student-only traceback);
- ``call``: call a function the student defined, with plain-data arguments and trusted helper
  functions built here from source; answer the returned value as data, the warnings raised, what
  was printed, how often each helper was called and, on request, the arguments after the call
  (so the trusted side can tell whether they were modified);
- ``bye``: exit.

Nothing here decides a score: whatever this process answers is judged on the trusted side.
"""
from __future__ import annotations

import builtins
import math
import os
import sys
import time

import numpy as np

from autograder import wire
from autograder.sandbox import capture, cells

CELL_OUTPUT_LIMIT = int(os.environ.get("AUTOGRADER_CELL_OUTPUT_LIMIT", 100_000))
CALLABLE_KEY = "$callable"


def _protocol_streams():
    """Move the protocol to private descriptors, so a student's os.write(1, ...) cannot reach it."""
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stray fd-level output goes to the captured, capped stderr pipe
    sys.stdin = open(os.devnull)
    return proto_in, proto_out


class CountedFunction:
    """A trusted helper (f, grad_f, g, ...) compiled here from source, counting its calls."""

    def __init__(self, name: str, source: str):
        scope = {"np": np, "math": math, "__builtins__": builtins}
        exec(compile(source, f"<helper {name}>", "exec"), scope)
        self.function = scope[name]
        self.__name__ = name
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)

    def __repr__(self):
        return f"<function {self.__name__}>"


def _bind_callables(value, helpers: dict):
    """Replace {"$callable": name} placeholders in decoded arguments by the counted helpers."""
    if type(value) is dict:
        if set(value) == {CALLABLE_KEY}:
            return helpers[value[CALLABLE_KEY]]
        return {k: _bind_callables(v, helpers) for k, v in value.items()}
    if type(value) is list:
        return [_bind_callables(v, helpers) for v in value]
    if type(value) is tuple:
        return tuple(_bind_callables(v, helpers) for v in value)
    return value


def _unbind(value):
    if isinstance(value, CountedFunction):
        return {CALLABLE_KEY: value.__name__}
    if type(value) is dict:
        return {k: _unbind(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_unbind(v) for v in value)
    return value


class Notebook:
    """The student's namespace and the two operations the trusted side may ask for."""

    def __init__(self):
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}
        self.execution_count = 0

    def exec_cell(self, request: dict) -> dict:
        self.execution_count += 1
        outputs: list[dict] = []
        shown = []
        with capture.Capture(CELL_OUTPUT_LIMIT) as cap:
            error = cells.run_cell(request["source"], request["cell_id"], self.namespace, shown.append)
        if cap.stdout.getvalue():
            outputs.append({"output_type": "stream", "name": "stdout", "text": cap.stdout.getvalue()})
        stderr = cap.stderr.getvalue() + "".join(capture.format_warning(w) for w in capture.warning_records(cap.warnings))
        if stderr:
            outputs.append({"output_type": "stream", "name": "stderr", "text": stderr})
        for value in shown:
            outputs.append({"output_type": "execute_result", "execution_count": self.execution_count,
                            "data": {"text/plain": capture.safe_repr(value)}, "metadata": {}})
        outputs.extend(capture.figure_outputs())
        if error is not None:
            outputs.append({"output_type": "error", **error})
        return {"outputs": outputs, "error": error, "execution_count": self.execution_count}

    def call(self, request: dict) -> dict:
        name = request["function"]
        reply = {"status": "ok", "warnings": [], "stdout": "", "calls": {}, "seconds": 0.0}
        if name not in self.namespace:
            return {**reply, "status": "missing"}
        function = self.namespace[name]
        if not callable(function):
            return {**reply, "status": "not_callable", "type": capture.safe_repr(type(function), 200)}
        helpers = {h: CountedFunction(h, src) for h, src in request.get("helpers", {}).items()}
        args = _bind_callables(request.get("args", []), helpers)
        kwargs = _bind_callables(request.get("kwargs", {}), helpers)
        np.seterr(all="warn", under="ignore")  # NumPy's defaults, whatever earlier cells set
        start = time.perf_counter()
        with capture.Capture(CELL_OUTPUT_LIMIT) as cap:
            try:
                value = function(*args, **kwargs)
                reply["value"] = value
            except BaseException as exc:  # the student's exception is data
                reply["status"] = "raised"
                reply["error"] = cells.error_record(exc)
        reply["seconds"] = time.perf_counter() - start
        reply["warnings"] = capture.warning_records(cap.warnings)
        reply["stdout"] = (cap.stdout.getvalue() + cap.stderr.getvalue())[:5000]
        reply["calls"] = {h: f.calls for h, f in helpers.items()}
        if request.get("return_args"):
            reply["args_after"] = _unbind(args)
            reply["kwargs_after"] = _unbind(kwargs)
        return reply


def _send(stream, message) -> None:
    try:
        frame = wire.encode(message)
    except (wire.WireError, ValueError, TypeError, RecursionError, MemoryError, OverflowError) as exc:
        frame = wire.encode({"status": "unencodable", "detail": f"{type(exc).__name__}: {exc}"[:500]})
    stream.write(frame)


def _seed_matplotlib_cache() -> None:
    """Copy a prepared font cache into the private MPLCONFIGDIR, so no sandbox rebuilds it."""
    seed, target = os.environ.get("AUTOGRADER_MPL_SEED"), os.environ.get("MPLCONFIGDIR")
    if seed and target and os.path.isdir(seed):
        import shutil
        shutil.copytree(seed, target, dirs_exist_ok=True)


def _preimport() -> None:
    """Import what notebooks use before the first request (AUTOGRADER_PREIMPORT=numpy,matplotlib.pyplot)."""
    for name in filter(None, os.environ.get("AUTOGRADER_PREIMPORT", "").split(",")):
        try:
            __import__(name)
        except ImportError:
            pass


def main() -> None:
    proto_in, proto_out = _protocol_streams()
    _seed_matplotlib_cache()
    _preimport()
    notebook = Notebook()
    _send(proto_out, {"status": "ready", "pid": os.getpid(), "uid": os.getuid(),
                      "python": sys.version.split()[0], "numpy": np.__version__})
    while True:
        body = wire.read_frame(proto_in)
        if body is None:
            break
        request = wire.decode_body(body)
        op = request.get("op")
        if op == "exec":
            _send(proto_out, notebook.exec_cell(request))
        elif op == "call":
            _send(proto_out, notebook.call(request))
        elif op == "bye":
            break
        else:
            _send(proto_out, {"status": "bad_request", "detail": f"unknown op {op!r}"})
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: student atexit hooks and threads do not delay us


if __name__ == "__main__":
    main()
