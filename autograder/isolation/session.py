"""A running sandbox for one submission, seen from the trusted side.

``Sandbox`` starts the runner (``autograder.sandbox.runner``) under the isolation level in force,
sends it framed requests and waits for each answer under a wall-time limit, while a monitor thread
samples the sandbox's processes (memory, CPU time) every ``limits.SAMPLE_SECONDS``. A sandbox that
times out, dies, exceeds a limit, stops reading, or answers garbage is killed with everything it
started; the caller gets a ``SandboxFault`` saying what happened and may start a new one
(``SandboxedNotebook`` in ``autograder.isolation.notebook`` replays earlier cells when it does).
Nothing the sandbox sends can make this side raise anything but ``SandboxFault``.
"""
from __future__ import annotations

import ctypes
import os
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

from autograder import wire
from autograder.isolation import levels, procs
from autograder.isolation.faults import SandboxFault, SandboxUnavailable
from autograder.isolation.limits import SAMPLE_SECONDS, Limits
from autograder.isolation.monitor import CappedDrain, Monitor

CPU_SAMPLE_MARGIN = 2 * SAMPLE_SECONDS  # CPU is sampled every SAMPLE_SECONDS: a reading may lag that much

RUNNER = [sys.executable, "-I", "-B", "-c",
          "import sys; sys.path.insert(0, {root!r}); from autograder.sandbox.runner import main; main()"]


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


try:  # loaded here, in the grader: the child between fork and exec only calls it
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: the kernel kills this process when the grader (thread) that started it ends."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Sandbox:
    """One sandbox process. Use as a context manager; ``request`` sends one message."""

    def __init__(self, limits: Limits, isolation: levels.Isolation, mpl_seed: str | None = None,
                 cpu_budget: float | None = None):
        self.limits, self.isolation = limits, isolation
        self._tmp = None
        try:
            self._lease = levels.lease_uid() if isolation.own_uid else None
        except (OSError, RuntimeError) as exc:
            raise SandboxUnavailable(f"no sandbox uid could be leased: {exc}") from None
        self.uid = self._lease.uid if self._lease else None
        self.nproc_enforced = self.uid is not None or os.geteuid() != 0  # root is exempt from RLIMIT_NPROC
        self._kill_lock = threading.Lock()
        self._closed = False
        try:
            self._start(mpl_seed)
        except OSError as exc:
            self._release()
            raise SandboxUnavailable(f"the sandbox could not be started: {exc}") from None
        except BaseException:
            self._release()
            raise
        self.monitor = Monitor(self, cpu_budget if cpu_budget is not None else limits.submission_cpu_seconds)
        self.monitor.start()
        self._stderr = CappedDrain(self.process.stderr, limits.stderr_bytes)
        self._stderr.start()
        self._buffer = bytearray()
        try:
            hello = self._receive(limits.startup_seconds)
            if hello.get("status") != "ready" or type(hello.get("uid")) is not int:
                raise SandboxFault("protocol", f"unexpected first message {str(hello)[:200]}")
        except SandboxFault as fault:
            self.close()
            raise SandboxUnavailable(f"the sandbox did not start: {fault.detail}; {self.stderr_text[-500:]}") from None
        except BaseException:
            self.close()
            raise
        self.hello = hello

    def _start(self, mpl_seed: str | None) -> None:
        limits, uid = self.limits, self.uid
        if self.isolation.level == "bwrap":
            home = "/tmp/work"
            cmd = levels.bwrap_command([a.format(root=levels.SANDBOX_ROOT) for a in RUNNER],
                                       limits.tmp_bytes, mpl_seed, uid=uid)
            cwd = "/"
            env = clean_environment(home)
            if mpl_seed:
                env["AUTOGRADER_MPL_SEED"] = "/opt/mpl-seed"
            drop = None  # setpriv inside the sandbox switches to the uid
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="autograder-sandbox-")
            home = cwd = self._tmp.name
            if uid is not None:
                os.chown(home, uid, uid)
                os.chmod(home, 0o700)
            cmd = [a.format(root=str(levels.PACKAGE_DIR.parent)) for a in RUNNER]
            env = clean_environment(home)
            if mpl_seed:
                env["AUTOGRADER_MPL_SEED"] = mpl_seed
            drop = uid
        env["AUTOGRADER_CELL_OUTPUT_LIMIT"] = str(limits.cell_output_chars)
        env["AUTOGRADER_SANDBOX"] = self._token = secrets.token_hex(12)  # finds detached daemons (procs.marked)

        def prepare_child():  # runs in the child between fork and exec
            limits.apply_rlimits()
            if drop is not None:
                levels.drop_privileges(drop)
            _die_with_parent()  # after the uid change, which would clear it

        self.process = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
            preexec_fn=prepare_child, start_new_session=True, close_fds=True,
        )
        os.set_blocking(self.process.stdin.fileno(), False)
        self._pipes = {os.fstat(stream.fileno()).st_ino for stream in (self.process.stdout, self.process.stderr)}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def stderr_text(self) -> str:
        return self._stderr.text()

    @property
    def cpu_used(self) -> float:
        return self.monitor.cpu

    # ------------------------------------------------------------------ requests
    def request(self, message: dict, timeout: float, watch=None, contain=None) -> dict:
        """Send one request and wait for its answer: at most ``timeout`` s of wall time and of CPU time.

        ``watch()`` is called while waiting and may raise ``SandboxFault``; ``contain()``, if given, is
        called instead of killing the sandbox when the request runs out of time (the checks' fork)."""
        if self.process.poll() is not None:
            raise self._died()
        deadline = time.monotonic() + timeout
        self._write(wire.encode(message), deadline)
        return self._receive(timeout, deadline, cpu_limit=timeout, watch=watch, contain=contain)

    def _write(self, data: bytes, deadline: float) -> None:
        fd = self.process.stdin.fileno()
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.kill()
                raise SandboxFault("timeout", "the sandbox stopped reading requests")
            try:
                _, writable, _ = select.select([], [fd], [], min(remaining, SAMPLE_SECONDS))
                if writable:
                    view = view[os.write(fd, view[:65536]):]
            except BlockingIOError:
                continue
            except OSError:  # broken pipe: the sandbox is gone
                raise self._died() from None
            if self.monitor.verdict is not None:
                raise self._died()

    def _receive(self, timeout: float, deadline: float | None = None, cpu_limit: float | None = None,
                 watch=None, contain=None) -> dict:
        deadline = deadline if deadline is not None else time.monotonic() + timeout
        cpu_start = self.monitor.cpu
        fd = self.process.stdout.fileno()
        while True:
            message = self._next_frame()
            if message is not None:
                return message
            if self.monitor.verdict is not None:
                raise self._died()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                (contain or self.kill)()
                raise SandboxFault("timeout", f"no answer within {timeout:g} s")
            # cpu_start may be one sample old: the margin keeps one busy thread (CPU = wall time) a timeout,
            # deterministically; only several busy at once pass the CPU limit before the wall deadline
            if cpu_limit is not None and self.monitor.cpu - cpu_start > cpu_limit + CPU_SAMPLE_MARGIN:
                (contain or self.kill)()
                raise SandboxFault("cpu", f"more than {cpu_limit:g} s of CPU time in one request (several processes "
                                          "or threads busy at once)")
            if watch is not None:
                watch()
            ready, _, _ = select.select([fd], [], [], min(remaining, SAMPLE_SECONDS))
            if ready:
                try:
                    chunk = os.read(fd, 1 << 20)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise self._died()
                self._buffer += chunk

    def _next_frame(self) -> dict | None:
        """The next complete message in the buffer, None if there is none yet; a bad one is a fault."""
        if len(self._buffer) < 4:
            return None
        length = int.from_bytes(self._buffer[:4], "big")
        if length > wire.MAX_FRAME_BYTES:
            self.kill()
            raise SandboxFault("protocol", f"frame of {length} bytes is over the limit")
        if len(self._buffer) < 4 + length:
            return None
        body = bytes(self._buffer[4:4 + length])
        del self._buffer[:4 + length]
        try:
            message = wire.decode_body(body)
        except (wire.WireError, ValueError, TypeError, OverflowError, RecursionError, MemoryError) as exc:
            self.kill()
            raise SandboxFault("protocol", f"the sandbox sent an unreadable message ({str(exc)[:200]})") from None
        if type(message) is not dict:
            self.kill()
            raise SandboxFault("protocol", "the sandbox sent a message that is not a mapping")
        return message

    def _died(self) -> SandboxFault:
        self.kill()
        if self.monitor.verdict is not None:
            return self.monitor.verdict
        code = self.process.returncode
        how = f"exit code {code}"
        if code is not None and code < 0:
            try:
                how = f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        if code == 137 or code == -signal.SIGKILL:
            how += " (out of memory, or a limit was reached)"
        if code is not None and code in (-signal.SIGXCPU, 128 + signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGKILL):
            if self.monitor.cpu >= self.limits.cpu_seconds - 1:
                how += " (CPU time limit)"
        return SandboxFault("died", f"the sandbox process ended ({how})")

    # ------------------------------------------------------------------ the checks' fork (isolation.notebook)
    def resync(self, timeout: float) -> None:
        """After the checks' fork is gone: drop whatever is buffered or pending from the sandbox, send the sync
        marker (the runner skips unread requests up to it) and wait for the runner to echo its fresh nonce.
        Nothing the fork wrote is ever read as an answer, nor is a half-read request taken for a new one."""
        self._buffer.clear()
        fd = self.process.stdout.fileno()
        while select.select([fd], [], [], 0)[0]:
            try:
                if not os.read(fd, 1 << 20):
                    raise self._died()
            except BlockingIOError:
                break
        nonce = secrets.token_hex(wire.SYNC_NONCE_BYTES // 2)
        deadline = time.monotonic() + timeout
        self._write(wire.SYNC_MARKER + nonce.encode("ascii"), deadline)
        for _ in range(1000):
            answer = self._receive(timeout, deadline)
            if answer.get("status") == "synced" and answer.get("nonce") == nonce:
                return
        self.kill()
        raise SandboxFault("protocol", "the sandbox did not resynchronise after the checks")

    # ------------------------------------------------------------------ ending
    def terminate(self) -> None:
        """Send SIGKILL to the sandbox and every process it started (safe from any thread)."""
        with self._kill_lock:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            if self.uid is not None:
                _kill_uid(self.uid)
            procs.kill_all(self.monitor.members().values() if hasattr(self, "monitor") else [], exclude=None)

    def kill(self) -> None:
        """Kill the sandbox and everything it started, and wait until they are gone."""
        self.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        # bwrap's PID namespace ends with it; a uid's or a remembered tree's stragglers are swept until none is left
        for _ in range(50):
            left = [p for p in self.monitor.members().values() if not p.zombie and p.pid != self.process.pid]
            if self.uid is None and self.isolation.level == "process":
                left += procs.marked(self._token.encode(), self._pipes)
            if not left:
                break
            procs.kill_all(left)
            self.terminate()
            time.sleep(0.02)
        self._stderr.join(timeout=0.5)
        self._stderr.stop.set()
        self._stderr.join()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.process.poll() is None and self.monitor.verdict is None:
            try:
                self._write(wire.encode({"op": "bye"}), time.monotonic() + 2)
                self.process.wait(timeout=2)
            except (SandboxFault, OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        self.monitor.stopped.set()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass
        self._release()

    def _release(self) -> None:
        if self._lease is not None:
            self._lease.release()
            self._lease = None
        if self._tmp is not None:
            try:
                self._tmp.cleanup()
            except OSError:
                pass
            self._tmp = None


def _kill_uid(uid: int) -> None:
    """kill(-1, SIGKILL) as ``uid``: every process of that uid ends at once, wherever it was reparented.

    Only used for a uid this grader holds the lease of (``levels.lease_uid``)."""
    if not procs.alive_with_uid(uid):
        return
    try:
        subprocess.run(["kill", "-KILL", "-1"], preexec_fn=lambda: levels.drop_privileges(uid),
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.SubprocessError):
        procs.kill_all(procs.alive_with_uid(uid))
