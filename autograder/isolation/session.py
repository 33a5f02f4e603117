"""A running sandbox for one submission, seen from the trusted side.

``Sandbox`` starts the runner (``autograder.sandbox.runner``) under the isolation level in force,
sends it framed requests and waits for each answer under a wall-time limit. A sandbox that times
out, dies or answers garbage is killed with everything it started; the caller gets a
``SandboxFault`` saying what happened and may start a new one (``Notebook`` in
``autograder.isolation.notebook`` replays earlier cells when it does).
"""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

from autograder import wire
from autograder.isolation import levels
from autograder.isolation.limits import Limits

RUNNER = [sys.executable, "-I", "-B", "-c",
          "import sys; sys.path.insert(0, {root!r}); from autograder.sandbox.runner import main; main()"]


class SandboxFault(Exception):
    """Raised when the sandbox times out, dies, or answers something that is not a valid message."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind  # "timeout", "died", "protocol"
        self.detail = detail


class _CappedDrain(threading.Thread):
    """Reads a pipe to its end, keeping the first ``limit`` bytes and counting the rest."""

    def __init__(self, stream, limit: int):
        super().__init__(daemon=True)
        self.stream, self.limit = stream, limit
        self.kept = bytearray()
        self.dropped = 0

    def run(self):
        while True:
            chunk = self.stream.read1(65536) if hasattr(self.stream, "read1") else self.stream.read(65536)
            if not chunk:
                return
            room = self.limit - len(self.kept)
            self.kept += chunk[:max(room, 0)]
            self.dropped += max(0, len(chunk) - max(room, 0))

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        return text + (f"\n[{self.dropped} more bytes not kept]" if self.dropped else "")


def clean_environment(home: str) -> dict:
    """The only variables student code sees: no NBGRADER_*, no tokens, no course paths."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp" if home.startswith("/tmp/") else home,
        "MPLBACKEND": "module://autograder.sandbox.inline_backend",
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


class Sandbox:
    """One sandbox process. Use as a context manager; ``request`` sends one message."""

    def __init__(self, limits: Limits, isolation: levels.Isolation, mpl_seed: str | None = None):
        self.limits, self.isolation = limits, isolation
        self._tmp = None
        if isolation.level == "bwrap":
            home = "/tmp/work"
            cmd = levels.bwrap_command([a.format(root=levels.SANDBOX_ROOT) for a in RUNNER],
                                       limits.tmp_bytes, mpl_seed)
            cwd = "/"
            env = clean_environment(home)
            if mpl_seed:
                env["AUTOGRADER_MPL_SEED"] = "/opt/mpl-seed"
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="autograder-sandbox-")
            home = cwd = self._tmp.name
            cmd = [a.format(root=str(levels.PACKAGE_DIR.parent)) for a in RUNNER]
            env = clean_environment(home)
            if mpl_seed:
                env["AUTOGRADER_MPL_SEED"] = mpl_seed
        env["AUTOGRADER_CELL_OUTPUT_LIMIT"] = str(limits.cell_output_chars)
        self.process = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
            preexec_fn=limits.apply_rlimits,
            start_new_session=True, close_fds=True,
        )
        self._stderr = _CappedDrain(self.process.stderr, limits.stderr_bytes)
        self._stderr.start()
        self._buffer = bytearray()
        self.hello = self._receive(limits.startup_seconds)
        if self.hello.get("status") != "ready":
            self.kill()
            raise SandboxFault("protocol", f"unexpected first message {str(self.hello)[:200]}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def stderr_text(self) -> str:
        return self._stderr.text()

    def request(self, message: dict, timeout: float) -> dict:
        if self.process.poll() is not None:
            raise self._died()
        try:
            self.process.stdin.write(wire.encode(message))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._died() from None
        return self._receive(timeout)

    def _receive(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while True:
            if len(self._buffer) >= 4:
                length = int.from_bytes(self._buffer[:4], "big")
                if length > wire.MAX_FRAME_BYTES:
                    self.kill()
                    raise SandboxFault("protocol", f"frame of {length} bytes is over the limit")
                if len(self._buffer) >= 4 + length:
                    body = bytes(self._buffer[4:4 + length])
                    del self._buffer[:4 + length]
                    try:
                        message = wire.decode_body(body)
                    except wire.WireError as exc:
                        self.kill()
                        raise SandboxFault("protocol", str(exc)) from None
                    if type(message) is not dict:
                        self.kill()
                        raise SandboxFault("protocol", "answer is not a mapping")
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise SandboxFault("timeout", f"no answer within {timeout:g} s")
            ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise self._died()
                self._buffer += chunk

    def _died(self) -> SandboxFault:
        self.kill()
        code = self.process.returncode
        how = f"killed by signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        if code == 137 or code == -signal.SIGKILL:
            how += " (out of memory, or a limit was reached)"
        if code is not None and code in (-signal.SIGXCPU, 128 + signal.SIGXCPU):
            how += " (CPU time limit)"
        return SandboxFault("died", f"the sandbox process ended ({how})")

    def kill(self) -> None:
        """Kill the sandbox and everything in its session; bwrap's PID namespace takes the rest."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._stderr.join(timeout=2)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write(wire.encode({"op": "bye"}))
                self.process.stdin.flush()
                self.process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        if self._tmp is not None:
            self._tmp.cleanup()
