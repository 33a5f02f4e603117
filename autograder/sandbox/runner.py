"""The process that runs one student's notebook inside the sandbox.

It reads framed requests (``autograder.wire``) on the protocol stream and answers each:

- ``exec``: run a code cell in the notebook namespace; answer its outputs (text, the displayed
  value, figures as PNG, the error with a student-only traceback);
- ``call``: call a function the student defined, with plain-data arguments and trusted helper
  functions built here from source; answer the returned value as data, the warnings raised, what
  was printed, how often each helper was called and, on request, the arguments after the call
  (so the trusted side can tell whether they were modified);
- ``checks_begin`` / ``checks_end``: the calls in between are served by a fork in fresh namespaces
  (``nest``), which ends at ``checks_end``: the hidden inputs never reach this process, which runs
  the later cells; after it, the runner skips to the trusted side's sync marker and echoes its nonce;
- ``bye``: exit.

Nothing here decides a score: whatever this process answers is judged on the trusted side.
"""
from __future__ import annotations

import builtins
import math
import os
import sys
import time
from builtins import (BaseException, ImportError, MemoryError, OverflowError, RecursionError, TypeError, ValueError,
                      callable, compile, dict, exec, filter, int, isinstance, len, list, open, set, str, tuple,
                      type)  # bound now: a cell may replace builtins.* (see wire.py)

import numpy as np

from autograder import wire
from autograder.sandbox import capture, cells, nest

CELL_OUTPUT_LIMIT = int(os.environ.get("AUTOGRADER_CELL_OUTPUT_LIMIT", 100_000))
CALLABLE_KEY = "$callable"
_ORIGINAL_BUILTINS = dict(builtins.__dict__)


class StudentBuiltins:
    """A cell's changes to ``builtins`` (``builtins.isinstance = ...``) hold while the student's code runs;
    the runner's own code (and the standard library it calls: json, warnings, ast) runs with the originals."""

    def __init__(self):
        self.changed: dict = {}
        self.removed: set = set()

    def __enter__(self):
        table = builtins.__dict__
        table.update(self.changed)
        for name in self.removed:
            table.pop(name, None)

    def __exit__(self, *exc):
        table, missing = builtins.__dict__, object()
        self.changed = {k: v for k, v in table.items() if _ORIGINAL_BUILTINS.get(k, missing) is not v}
        self.removed = {k for k in _ORIGINAL_BUILTINS if k not in table}
        table.update({k: _ORIGINAL_BUILTINS[k] for k in list(self.changed) + list(self.removed)
                      if k in _ORIGINAL_BUILTINS})
        return False


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
        self.builtins = StudentBuiltins()

    def exec_cell(self, request: dict) -> dict:
        self.execution_count += 1
        outputs: list[dict] = []
        shown = []
        with capture.Capture(CELL_OUTPUT_LIMIT) as cap:
            error = cells.run_cell(request["source"], request["cell_id"], self.namespace, shown.append, self.builtins)
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
                with self.builtins:
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


def _checks(notebook: "Notebook", proto_in, proto_out) -> None:
    """``checks_begin``: serve the test cell's calls in a fork in fresh namespaces (``nest``), so the
    hidden inputs never enter this process, which runs the later cells."""
    try:
        pid, isolated = nest.enter({proto_in.fileno(), proto_out.fileno()})
    except OSError as exc:  # no fork (the process limit is spent): the calls run here; the trusted side then
        _send(proto_out, {"status": "ok", "isolated": [], "detail": f"fork refused: {exc}"[:200]})
        _serve(notebook, proto_in, proto_out, in_checks=True)  # replaces this sandbox afterwards
        return
    if pid == 0:  # the fork: answer, serve calls until checks_end, and end
        _send(proto_out, {"status": "ok", "isolated": isolated})
        _serve(notebook, proto_in, proto_out, in_checks=True)
        os._exit(0)
    problem = nest.wait(pid)
    if problem is not None:  # the pending call (if any) gets this answer; the trusted side discards it otherwise
        _send(proto_out, {"status": "checks_child_died", "detail": problem})
    _resync(proto_in, proto_out)


def _resync(proto_in, proto_out) -> None:
    """Skip what the fork left unread of its requests (it may have been killed inside one) up to the trusted
    side's sync marker, and echo the nonce after it. Nothing is sent after the marker until we answer."""
    marker, seen = wire.SYNC_MARKER, b""
    while True:
        chunk = proto_in.read(65536)
        if not chunk:
            os._exit(0)
        seen = (seen + chunk)[-(len(marker) + wire.SYNC_NONCE_BYTES + 65536):]
        at = seen.find(marker)
        if at >= 0 and len(seen) >= at + len(marker) + wire.SYNC_NONCE_BYTES:
            nonce = seen[at + len(marker):at + len(marker) + wire.SYNC_NONCE_BYTES]
            _send(proto_out, {"status": "synced", "nonce": nonce.decode("ascii", "replace")})
            return


def _serve(notebook: "Notebook", proto_in, proto_out, in_checks: bool = False) -> None:
    while True:
        body = wire.read_frame(proto_in)
        if body is None:
            break
        request = wire.decode_body(body)
        op = request.get("op") if type(request) is dict else None
        if op == "call":
            _send(proto_out, notebook.call(request))
        elif op == "exec" and not in_checks:
            _send(proto_out, notebook.exec_cell(request))
        elif op == "checks_begin" and not in_checks:
            _checks(notebook, proto_in, proto_out)
        elif op == "checks_end" and in_checks:
            _send(proto_out, {"status": "ok"})
            break
        elif op == "bye":
            break
        else:
            _send(proto_out, {"status": "bad_request", "detail": f"unexpected op {op!r}"[:200]})


def main() -> None:
    proto_in, proto_out = _protocol_streams()
    _seed_matplotlib_cache()
    _preimport()
    notebook = Notebook()
    _send(proto_out, {"status": "ready", "pid": os.getpid(), "uid": os.getuid(),
                      "python": sys.version.split()[0], "numpy": np.__version__})
    _serve(notebook, proto_in, proto_out)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: student atexit hooks and threads do not delay us


if __name__ == "__main__":
    main()
