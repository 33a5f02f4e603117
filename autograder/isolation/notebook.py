"""A student's notebook running in a sandbox, cell by cell, with calls from the checks.

Cells run in notebook order; checks call the student's functions between them, so a test cell
is graded on the namespace as it stands at that cell. When a cell or a call kills or hangs the
sandbox, the sandbox is replaced by a fresh one and the earlier cells are replayed (without the
one that caused the fault), so one broken function costs only its own checks. The whole notebook
has a wall-time budget and a CPU-time budget (over all its sandboxes); once one is spent, every
later cell and call is refused with that reason. A function whose calls hang or kill the sandbox
twice is not called again (its remaining checks fail at once), so one such function cannot spend
the notebook's budget or its restarts. Every answer is checked (``replies``) and its
outputs capped per cell and per notebook before anyone reads it.

A test cell's checks run between ``begin_checks()`` and ``end_checks()`` (or ``with checks():``): the
calls are served by a fork of the sandbox's runner in fresh namespaces (``autograder.sandbox.nest``),
so the hidden inputs never reach the process that runs the later cells. The runner is student-
controlled, so this side does what does not depend on it: it pauses (SIGSTOP) every process the
sandbox had before the fork while the calls run, afterwards kills every process started since, resumes
the others, and drops whatever was written on the protocol stream until the runner echoes a fresh
nonce. A fork that dies costs its call only; the sandbox is not restarted.
"""
from __future__ import annotations

import contextlib
import os
import signal
import time

from autograder.isolation import levels, procs, replies
from autograder.isolation.limits import Limits
from autograder.isolation.session import Sandbox, SandboxFault, SandboxUnavailable

STUCK_LIMIT = 2  # calls of one function that hang or kill the sandbox before it is not called again


class SandboxedNotebook:
    def __init__(self, limits: Limits | None = None, isolation: levels.Isolation | None = None,
                 mpl_seed: str | None = None):
        self.limits = limits or Limits()
        self.isolation = isolation or levels.probe()
        self.mpl_seed = mpl_seed
        self.history: list[tuple[str, str]] = []  # cells to replay after a restart
        self.faults: list[str] = []  # what went wrong, for the report
        self.restarts = 0
        self.started = time.monotonic()
        self.cpu_spent = 0.0  # CPU seconds of the sandboxes already ended
        self.peak_rss = 0  # largest resident memory of one sandbox's processes together
        self.outputs = replies.OutputBudget(self.limits)
        self.stuck: dict[str, int] = {}  # function -> calls that hung or killed the sandbox
        self.unavailable: SandboxUnavailable | None = None  # set if a sandbox could not be started
        self._sandbox: Sandbox | None = None
        self._checks_wanted = False  # between begin_checks and end_checks
        self._fork: _Fork | None = None  # the checks' fork of the current sandbox, once a call opened it
        self.isolated: list[str] = []  # what the last fork reported it managed (for the instructor)

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._sandbox is not None:
            self._retire(self._sandbox)
            self._sandbox.close()
            self._sandbox = None

    @property
    def stderr_text(self) -> str:
        return self._sandbox.stderr_text if self._sandbox else ""

    @property
    def cpu_used(self) -> float:
        return self.cpu_spent + (self._sandbox.cpu_used if self._sandbox else 0.0)

    def _retire(self, sandbox: Sandbox) -> None:
        self.cpu_spent += sandbox.cpu_used
        self.peak_rss = max(self.peak_rss, sandbox.monitor.peak_rss)

    def _budget(self, wanted: float) -> float:
        left = self.limits.submission_seconds - (time.monotonic() - self.started)
        if left <= 0:
            raise SandboxFault("timeout", f"the notebook's time budget of {self.limits.submission_seconds:g} s is spent")
        return min(wanted, left)

    def _ensure(self) -> Sandbox:
        if self._sandbox is not None:
            return self._sandbox
        if self.restarts > self.limits.restarts:
            raise SandboxFault("died", f"the sandbox was restarted {self.limits.restarts} times; giving up")
        cpu_left = self.limits.submission_cpu_seconds - self.cpu_spent
        if cpu_left <= 0:
            raise SandboxFault("cpu", f"the submission's CPU time budget of {self.limits.submission_cpu_seconds:g} s is spent")
        self._budget(0)
        try:
            self._sandbox = Sandbox(self.limits, self.isolation, self.mpl_seed, cpu_budget=cpu_left)
        except SandboxUnavailable as exc:  # not the student's doing: the caller must not make it a score
            self.unavailable = exc
            raise
        for cell_id, source in self.history:  # replay; outputs were already recorded once
            try:
                replies.exec_reply(self._sandbox.request({"op": "exec", "cell_id": cell_id, "source": source},
                                                         self._budget(self.limits.cell_seconds)))
            except SandboxFault as fault:
                self._lost(fault)
                self.history.remove((cell_id, source))
                return self._ensure()
        return self._sandbox

    def _lost(self, fault: SandboxFault) -> None:
        self.faults.append(fault.detail)
        self._fork = None  # it died with the sandbox; the next call of the same checks opens a new one
        if self._sandbox is not None:
            self._sandbox.kill()
            self._retire(self._sandbox)
            self._sandbox.close()
            self._sandbox = None
        self.restarts += 1

    # ------------------------------------------------------------------ operations
    def exec_cell(self, cell_id: str, source: str) -> dict:
        """Run a cell; returns the checked answer with capped outputs, or one made up from the fault."""
        if self._fork is not None:
            self._close_fork(send_end=True)
        try:
            sandbox = self._ensure()
            answer = replies.exec_reply(sandbox.request({"op": "exec", "cell_id": cell_id, "source": source},
                                                        self._budget(self.limits.cell_seconds)))
        except SandboxFault as fault:
            if self._sandbox is not None:  # the running sandbox failed: replace it
                self._lost(fault)
            elif not self.faults or self.faults[-1] != fault.detail:  # none could be started: say why, once
                self.faults.append(fault.detail)
            text = f"The autograder stopped this cell: {fault.detail}. Later cells run in a fresh sandbox."
            error = {"ename": "SandboxFault", "evalue": text, "traceback": [text]}
            return {"outputs": [{"output_type": "error", **error}], "error": error, "fault": fault.kind}
        self.history.append((cell_id, source))
        answer["outputs"] = self.outputs.apply(answer["outputs"])
        return answer

    def call(self, function: str, args: list, kwargs: dict, helpers: dict | None = None,
             return_args: bool = False, timeout: float | None = None) -> dict:
        """Call a student function; raises SandboxFault if the call hangs, exceeds a limit or kills the sandbox."""
        if self.stuck.get(function, 0) >= STUCK_LIMIT:
            # each such call costs a fresh sandbox and a replay: after two, the function's other checks fail at once
            raise SandboxFault("timeout", f"earlier calls of {function} hung or stopped the sandbox "
                                          f"{self.stuck[function]} times, so it is not called again")
        request = {"op": "call", "function": function, "args": args, "kwargs": kwargs,
                   "helpers": helpers or {}, "return_args": return_args}
        sandbox = self._ensure()
        fork = None
        try:
            if self._checks_wanted:
                fork = self._fork or self._open_fork(sandbox)
            contained = fork is not None and fork.forked
            answer = sandbox.request(request, self._budget(timeout or self.limits.call_seconds),
                                     watch=fork.watch if contained else None, contain=fork.kill if contained else None)
            if fork is not None and answer.get("status") == "checks_child_died":
                raise SandboxFault("died", f"the process running the checks ended ({str(answer.get('detail'))[:200]})")
            return replies.call_reply(answer)
        except SandboxFault as fault:
            if fork is not None and fork.forked and fork is self._fork and fault.kind != "protocol" \
                    and sandbox.process.poll() is None \
                    and sandbox.monitor.verdict is None:  # only the fork is lost: close it, keep the sandbox
                self.faults.append(fault.detail)
                self.stuck[function] = self.stuck.get(function, 0) + 1
                self._close_fork(send_end=False)
                raise
            self._lost(fault)
            if fault.kind != "protocol":
                self.stuck[function] = self.stuck.get(function, 0) + 1
            raise

    # ------------------------------------------------------------------ the checks' fork
    def begin_checks(self) -> None:
        """From now on calls run in a fork of the sandbox (opened at the first call)."""
        self._checks_wanted = True

    def end_checks(self) -> None:
        """End the fork: its processes are killed, the sandbox's others resumed. Never raises a fault."""
        self._checks_wanted = False
        if self._fork is not None:
            try:
                self._close_fork(send_end=True)
            except SandboxFault:
                pass  # recorded; the next cell runs in a fresh sandbox

    @contextlib.contextmanager
    def checks(self):
        self.begin_checks()
        try:
            yield self
        finally:
            self.end_checks()

    def _open_fork(self, sandbox: Sandbox) -> "_Fork":
        before = live(sandbox)
        answer = replies.checks_begin_reply(sandbox.request({"op": "checks_begin"},
                                                            self._budget(self.limits.call_seconds)))
        fork = _Fork(sandbox, before, forked=bool(answer["isolated"]))
        if not fork.forked:  # it could not fork (process limit spent): the calls run in the notebook's process,
            self._fork = fork  # which is replaced afterwards, so no later cell runs where the inputs were
            return fork
        if not fork.new():  # whatever answered, no process was forked: the calls would run in the notebook's
            raise SandboxFault("protocol", "the sandbox answered checks_begin without forking")
        fork.pause()
        self.isolated = answer["isolated"]
        self._fork = fork
        return fork

    def _close_fork(self, send_end: bool) -> None:
        """Kill what the checks started, resume the rest, resynchronise; a failure replaces the sandbox."""
        fork, self._fork = self._fork, None
        sandbox = fork.sandbox
        if not fork.forked:  # the inputs are in the notebook's process: a fresh one replays the cells (no fault)
            self._retire(sandbox)
            sandbox.close()
            self._sandbox = None
            return
        try:
            if send_end:
                try:  # the answer does not matter: the fork's processes are killed below in any case
                    sandbox.request({"op": "checks_end"}, self._budget(min(5.0, self.limits.call_seconds)),
                                    watch=fork.watch, contain=fork.kill)
                except SandboxFault:
                    if sandbox.process.poll() is not None or sandbox.monitor.verdict is not None:
                        raise
            fork.kill()
            procs.signal_all(fork.paused, signal.SIGCONT)
            sandbox.resync(self._budget(min(10.0, self.limits.call_seconds)))
            # the runner has reaped the fork: count its CPU time now, not during the next request (whose
            # per-request CPU limit would otherwise be charged with it)
            sandbox.monitor.sample()
        except SandboxFault as fault:
            self._lost(fault)
            raise


def live(sandbox: Sandbox) -> dict:
    """{(pid, start): Proc} of the sandbox's processes that are not zombies."""
    return {(p.pid, p.start): p for p in sandbox.monitor.members().values() if not p.zombie}


def _stopped(pid: int) -> bool:
    """Every thread of ``pid`` is stopped, traced or gone."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return True
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat", "rb") as handle:
                raw = handle.read()
        except OSError:
            continue
        if raw[raw.rfind(b")") + 2:][:1] not in (b"T", b"t", b"Z", b"X"):
            return False
    return True


class _Fork:
    """The processes of one test cell's checks: everything the sandbox started after ``before``."""

    def __init__(self, sandbox: Sandbox, before: dict, forked: bool = True):
        self.sandbox, self.before, self.forked = sandbox, before, forked
        root = sandbox.process.pid if sandbox.isolation.level == "bwrap" else None  # bwrap itself, outside
        self.paused = [p for p in before.values() if p.pid != root]

    def new(self) -> list:
        return [p for key, p in live(self.sandbox).items() if key not in self.before]

    def pause(self, timeout: float = 2.0) -> None:
        """SIGSTOP the sandbox's older processes and wait until every thread is stopped: a thread still
        running (the runner's, a student's) could read a request meant for the fork, or watch it."""
        procs.signal_all(self.paused, signal.SIGSTOP)
        deadline = time.monotonic() + timeout
        while not all(_stopped(p.pid) for p in self.paused):
            if time.monotonic() > deadline:
                raise SandboxFault("protocol", "the sandbox's processes could not be paused for the checks")
            time.sleep(0.002)

    def watch(self) -> None:
        if not self.new():
            raise SandboxFault("died", "the process running the checks ended")

    def kill(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            left = self.new()
            if not left:
                return
            if time.monotonic() > deadline:
                raise SandboxFault("processes", "the checks' processes could not be ended")
            procs.kill_all(left)
            time.sleep(0.005)
