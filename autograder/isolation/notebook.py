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
"""
from __future__ import annotations

import time

from autograder.isolation import levels, replies
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
        if self._sandbox is not None:
            self._sandbox.kill()
            self._retire(self._sandbox)
            self._sandbox.close()
            self._sandbox = None
        self.restarts += 1

    # ------------------------------------------------------------------ operations
    def exec_cell(self, cell_id: str, source: str) -> dict:
        """Run a cell; returns the checked answer with capped outputs, or one made up from the fault."""
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
        try:
            return replies.call_reply(sandbox.request(request, self._budget(timeout or self.limits.call_seconds)))
        except SandboxFault as fault:
            self._lost(fault)
            if fault.kind != "protocol":
                self.stuck[function] = self.stuck.get(function, 0) + 1
            raise
