"""Resource limits for one sandboxed submission, and how they are applied.

All limits have defaults that fit a notebook of this course on a 2-core machine; every value
can be set in nbgrader_config.py (``c.GradeInSandbox.limits``) or, for one run, on the command
line. Who enforces what:

- the kernel, through setrlimit before the sandbox starts (inherited by everything it starts):
  CPU time per process (RLIMIT_CPU), address space per process (RLIMIT_AS), processes *and threads*
  of the sandbox's user (RLIMIT_NPROC; as root every sandbox has a uid of its own, so the limit binds
  that sandbox alone), file size (RLIMIT_FSIZE), open descriptors (RLIMIT_NOFILE), no core dumps;
- the trusted side (``autograder.isolation.session``), which samples the sandbox's processes every
  ``SAMPLE_SECONDS``: wall time per cell, per call and per submission; CPU time per request (at most
  the request's wall time, so two busy cores end a request at half its wall time) and per submission
  (all the submission's sandboxes together); resident memory of all the sandbox's processes together
  (RLIMIT_AS alone would allow ``max_processes`` times ``memory_bytes``);
- the trusted side, on what comes back: printed text per cell and per notebook, image size, frame size
  (``autograder.wire``).
"""
from __future__ import annotations

import dataclasses
import os
import resource
import sys

GiB = 1024**3
MiB = 1024**2
SAMPLE_SECONDS = 0.1  # how often the trusted side samples the sandbox's memory and CPU time


@dataclasses.dataclass(frozen=True)
class Limits:
    """Limits for one submission's sandbox."""

    call_seconds: float = 10.0  # wall time for one call of a student function by a check
    cell_seconds: float = 30.0  # wall time for one student cell
    submission_seconds: float = 180.0  # wall time for the whole notebook, checks included
    startup_seconds: float = 30.0  # wall time for the sandbox to report ready
    cpu_seconds: int = 120  # CPU time of each sandbox process (RLIMIT_CPU; SIGKILL one second later)
    submission_cpu_seconds: float = 240.0  # CPU time of all the submission's sandbox processes together
    memory_bytes: int = 3 * GiB  # address space of each process (RLIMIT_AS), and resident memory of all together
    max_processes: int = 64  # processes and threads of the sandbox user (RLIMIT_NPROC)
    file_bytes: int = 64 * MiB  # largest file the sandbox may write (RLIMIT_FSIZE)
    open_files: int = 256  # open descriptors per process (RLIMIT_NOFILE)
    tmp_bytes: int = 256 * MiB  # size of the sandbox's private /tmp
    cell_output_chars: int = 100_000  # printed text kept per cell; the rest is counted and marked
    notebook_output_chars: int = 2_000_000  # text and images (base64) kept over the whole notebook
    image_chars: int = 1_500_000  # one image output (base64 characters, about 1.1 MB of PNG)
    stderr_bytes: int = 1 * MiB  # raw fd-level output kept per sandbox
    restarts: int = 10  # fresh sandboxes after a crash or timeout, replaying earlier cells

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"sandbox limit {field.name}={value!r} must be a positive number")

    def replace(self, **changes) -> "Limits":
        return dataclasses.replace(self, **changes)

    def apply_rlimits(self, nproc: bool = True) -> None:
        """Set the kernel-enforced limits on the current process (called just before exec)."""
        cpu = int(self.cpu_seconds)
        _set(resource.RLIMIT_CPU, cpu, cpu + 1)  # SIGXCPU, then SIGKILL a second later
        _set(resource.RLIMIT_AS, self.memory_bytes)
        _set(resource.RLIMIT_FSIZE, self.file_bytes)
        _set(resource.RLIMIT_NOFILE, self.open_files)
        _set(resource.RLIMIT_CORE, 0)
        if nproc:
            # RLIMIT_NPROC counts every process and thread of the real uid. As root the sandbox runs under
            # a uid of its own (levels.lease_uid), so the limit binds that sandbox alone; otherwise the
            # sandbox shares our uid and the processes we already have must not count against it.
            extra = 0 if os.geteuid() == 0 else _tasks_of_this_user()
            _set(resource.RLIMIT_NPROC, self.max_processes + extra)


def _set(which: int, soft: int, hard: int | None = None) -> None:
    """setrlimit; on Linux a failure is an error, elsewhere (macOS ignores or refuses RLIMIT_AS) it is
    skipped: the trusted side's sampler still bounds memory, and `autograder doctor` says so."""
    try:
        resource.setrlimit(which, (soft, soft if hard is None else hard))
    except (ValueError, OSError):
        if sys.platform.startswith("linux"):
            raise


def _tasks_of_this_user() -> int:
    """Processes and threads of our uid (what RLIMIT_NPROC counts)."""
    uid = os.getuid()
    count = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                pass
    return count
