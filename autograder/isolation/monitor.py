"""Threads that watch a sandbox from the trusted side: its output pipe and its processes.

``CappedDrain`` keeps the first bytes of a pipe (the sandbox's stderr) without ever blocking;
``Monitor`` samples the sandbox's processes every ``SAMPLE_SECONDS`` (memory of all of them
together, CPU time, processes and threads) and ends the sandbox when a limit is passed.
"""
from __future__ import annotations

import os
import select
import threading

from autograder.isolation import procs
from autograder.isolation.faults import SandboxFault
from autograder.isolation.limits import SAMPLE_SECONDS


class CappedDrain(threading.Thread):
    """Reads a pipe until it ends or ``stop`` is set, keeping the first ``limit`` bytes and counting the rest.

    It never blocks in a read: a process that escaped with the pipe's write end must not hold up closing."""

    def __init__(self, stream, limit: int):
        super().__init__(daemon=True)
        self.fd, self.limit = stream.fileno(), limit
        self.kept = bytearray()
        self.dropped = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], SAMPLE_SECONDS)
                chunk = os.read(self.fd, 65536) if ready else None
            except (OSError, ValueError):
                return
            if chunk is None:
                continue
            if not chunk:
                return
            room = self.limit - len(self.kept)
            self.kept += chunk[:max(room, 0)]
            self.dropped += max(0, len(chunk) - max(room, 0))

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        return text + (f"\n[{self.dropped} more bytes not kept]" if self.dropped else "")


class Monitor(threading.Thread):
    """Samples the sandbox's processes; ends the sandbox when memory or the CPU budget is exceeded."""

    def __init__(self, sandbox, cpu_budget: float):
        super().__init__(daemon=True, name="sandbox-monitor")
        self.sandbox, self.cpu_budget = sandbox, cpu_budget
        self.tracker = procs.Tracker(sandbox.process.pid, sandbox.uid)
        self._lock = threading.Lock()
        self.cpu = 0.0  # CPU seconds used by the sandbox's processes so far
        self.peak_rss = 0
        self.peak_tasks = 0
        self.verdict: SandboxFault | None = None
        self.stopped = threading.Event()

    def members(self) -> dict:
        with self._lock:  # the monitor thread and the grader's thread both ask
            return self.tracker.sample()

    def sample(self) -> None:
        found = self.members()
        live = [p for p in found.values() if not p.zombie]
        rss = sum(p.rss for p in live)
        if rss > self.sandbox.limits.memory_bytes:
            rss = procs.proportional_rss(live)  # forks share pages: count each once before judging
        # own + reaped children's time of every live process: conserved when a process is reaped inside the
        # tree (always, with bwrap), so the running maximum is the sandbox's CPU time
        self.cpu = max(self.cpu, sum(p.cpu for p in found.values()))
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_tasks = max(self.peak_tasks, sum(p.threads for p in live))
        limits = self.sandbox.limits
        if self.verdict is None and rss > limits.memory_bytes:
            self.verdict = SandboxFault("memory", f"the sandbox's processes used {rss / 2**20:.0f} MiB of memory "
                                                  f"together (limit {limits.memory_bytes / 2**20:.0f} MiB)")
        elif self.verdict is None and self.cpu > self.cpu_budget:
            self.verdict = SandboxFault("cpu", f"the submission's CPU time budget of {limits.submission_cpu_seconds:g} s "
                                               "is spent")
        elif self.verdict is None and not self.sandbox.nproc_enforced and self.peak_tasks > limits.max_processes:
            # root without a uid of its own: the kernel does not apply RLIMIT_NPROC, so count here
            self.verdict = SandboxFault("processes", f"the sandbox ran {self.peak_tasks} processes and threads "
                                                     f"(limit {limits.max_processes})")
        if self.verdict is not None:
            self.sandbox.terminate()

    def run(self):
        while not self.stopped.wait(SAMPLE_SECONDS):
            try:
                self.sample()
            except Exception:  # a sampling hiccup (a process vanished mid-read) is not a fault
                continue
