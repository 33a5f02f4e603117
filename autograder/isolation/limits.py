"""Resource limits for one sandboxed submission, and how they are applied.

All limits have defaults that fit a notebook of this course on a 2-core machine; every value
can be set in nbgrader_config.py (``c.SandboxSettings.<name>``) or, for one run, on the command
line. Limits that the kernel enforces (CPU time, memory, processes, file size, open files) are
set with setrlimit before the sandbox starts and are inherited by everything it starts; wall
times and output bytes are enforced by the trusted side.
"""
from __future__ import annotations

import dataclasses
import os
import resource

GiB = 1024**3
MiB = 1024**2


@dataclasses.dataclass(frozen=True)
class Limits:
    """Limits for one submission's sandbox."""

    call_seconds: float = 10.0  # wall time for one call of a student function by a check
    cell_seconds: float = 30.0  # wall time for one student cell
    submission_seconds: float = 180.0  # wall time for the whole notebook, checks included
    startup_seconds: float = 30.0  # wall time for the sandbox to report ready
    cpu_seconds: int = 120  # CPU time of each sandbox process (RLIMIT_CPU)
    memory_bytes: int = 3 * GiB  # address space of each sandbox process (RLIMIT_AS)
    max_processes: int = 64  # processes of the sandbox user (RLIMIT_NPROC)
    file_bytes: int = 64 * MiB  # largest file the sandbox may write (RLIMIT_FSIZE)
    open_files: int = 256  # open descriptors per process (RLIMIT_NOFILE)
    tmp_bytes: int = 256 * MiB  # size of the sandbox's private /tmp
    cell_output_chars: int = 100_000  # printed text kept per cell; the rest is counted and marked
    stderr_bytes: int = 1 * MiB  # raw fd-level output kept per sandbox
    restarts: int = 3  # fresh sandboxes after a crash or timeout, replaying earlier cells

    def __post_init__(self):
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"sandbox limit {field.name}={value!r} must be a positive number")

    def replace(self, **changes) -> "Limits":
        return dataclasses.replace(self, **changes)

    def apply_rlimits(self, nproc: bool = True) -> None:
        """Set the kernel-enforced limits on the current process (called just before exec)."""
        cpu = int(self.cpu_seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nproc:
            # RLIMIT_NPROC counts every process of the real uid. As root the sandbox runs under its
            # own uid (setpriv), so the limit binds it alone; otherwise the sandbox shares our uid
            # and the processes we already have must not count against it.
            extra = 0 if os.geteuid() == 0 else _processes_of_this_user()
            resource.setrlimit(resource.RLIMIT_NPROC, (self.max_processes + extra, self.max_processes + extra))


def _processes_of_this_user() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count
