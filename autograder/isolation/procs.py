"""The processes a sandbox started: finding them, measuring them, ending them.

A sandbox's processes are found two ways, and the union is used:

- by **uid**: when the grader runs as root every sandbox has a uid of its own (``levels.lease_uid``),
  so every process with that uid is the sandbox's, wherever it was reparented (``setsid``, double
  fork);
- by **descent**: every process below the sandbox's first process (bwrap or the runner). With
  bubblewrap, orphans stay below it (they are reparented to bwrap's init inside the PID namespace).
  Without it, an orphan is reparented outside the tree; the sampler remembers every process it has
  seen, so only an orphan born and detached between two samples (0.1 s) can be missed.

On Linux this reads /proc directly (about a millisecond for a few hundred processes); elsewhere it
uses psutil.
"""
from __future__ import annotations

import dataclasses
import os
import signal
import sys

import psutil

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
HAVE_PROC = sys.platform.startswith("linux") and os.path.isdir("/proc/self")


@dataclasses.dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    uid: int
    start: int  # start time in clock ticks since boot: with pid, identifies a process (pids are reused)
    rss: int  # bytes
    cpu: float  # seconds: own user + system, plus children already reaped
    threads: int
    zombie: bool


def _read_proc(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            raw = handle.read()
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None
    # the command name (field 2) may contain spaces and parentheses: split after the last ')'
    fields = raw[raw.rfind(b")") + 2:].split()
    try:
        state = fields[0]
        ppid = int(fields[1])
        utime, stime, cutime, cstime = (int(fields[i]) for i in (11, 12, 13, 14))
        threads, start, rss_pages = int(fields[17]), int(fields[19]), int(fields[21])
    except (IndexError, ValueError):
        return None
    return Proc(pid, ppid, uid, start, rss_pages * PAGE, (utime + stime + cutime + cstime) / TICKS, threads,
                state in (b"Z", b"X"))


def snapshot() -> dict[int, Proc]:
    """Every process on the machine (that we may see)."""
    if not HAVE_PROC:
        return _snapshot_psutil()
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            proc = _read_proc(int(entry))
            if proc is not None:
                table[proc.pid] = proc
    return table


def _snapshot_psutil() -> dict[int, Proc]:
    table = {}
    for p in psutil.process_iter(["pid", "ppid", "uids", "create_time", "memory_info", "cpu_times", "num_threads",
                                  "status"]):
        info = p.info
        try:
            times = info["cpu_times"]
            cpu = times.user + times.system + getattr(times, "children_user", 0) + getattr(times, "children_system", 0)
            table[info["pid"]] = Proc(info["pid"], info["ppid"] or 0, info["uids"].real if info["uids"] else -1,
                                      int((info["create_time"] or 0) * 100), info["memory_info"].rss if info["memory_info"] else 0,
                                      cpu, info["num_threads"] or 1, info["status"] == psutil.STATUS_ZOMBIE)
        except (AttributeError, TypeError):
            continue
    return table


def members(table: dict[int, Proc], root_pid: int | None, uid: int | None, known: dict | None = None) -> dict[int, Proc]:
    """The sandbox's processes in ``table``: below ``root_pid``, with ``uid``, or remembered in ``known``."""
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    found: dict[int, Proc] = {}
    stack = [root_pid] if root_pid in table else []
    if uid is not None:
        stack += [p.pid for p in table.values() if p.uid == uid]
    if known:
        stack += [pid for pid, start in known.items() if pid in table and table[pid].start == start]
    while stack:
        pid = stack.pop()
        if pid in found or pid not in table:
            continue
        found[pid] = table[pid]
        stack.extend(children.get(pid, ()))
    return found


class Tracker:
    """The processes of one sandbox, kept up to date cheaply (Linux).

    Reading /proc/<pid>/stat of every process on a busy machine costs about 10 ms; a sandbox is
    sampled ten times a second. So a full scan is done once, and then each sample lists /proc (cheap),
    reads only the sandbox's own processes and the pids that are new since the last listing, and
    adds a new one if its parent is the sandbox's or its uid is the sandbox's. A pid that dies and is
    reused between two listings (0.1 s) would be missed; every ``FULL_SCAN_EVERY`` samples a full
    scan covers that too."""

    FULL_SCAN_EVERY = 50

    def __init__(self, root_pid: int, uid: int | None):
        self.root, self.uid = root_pid, uid
        self.known: dict[int, int] = {}  # pid -> start time, every process of the sandbox ever seen
        self.listing: set[int] = set()
        self.samples = 0

    def sample(self) -> dict[int, Proc]:
        """The sandbox's live (and zombie) processes now."""
        self.samples += 1
        if not HAVE_PROC or self.samples % self.FULL_SCAN_EVERY == 1:
            table = snapshot()
            self.listing = set(table)
            found = members(table, self.root, self.uid, self.known)
        else:
            listing = {int(e) for e in os.listdir("/proc") if e.isdigit()}
            new, self.listing = sorted(listing - self.listing), listing
            found = {}
            for pid, start in list(self.known.items()) + [(self.root, None)]:
                proc = _read_proc(pid)
                if proc is not None and (start is None or proc.start == start):
                    found[pid] = proc
            grown = True
            while grown:  # a child may be listed before its parent: repeat until nothing is added
                grown = False
                for pid in new:
                    if pid in found:
                        continue
                    proc = _read_proc(pid)
                    if proc is not None and (proc.ppid in found or (self.uid is not None and proc.uid == self.uid)):
                        found[pid] = proc
                        grown = True
        for proc in found.values():
            self.known[proc.pid] = proc.start
        return found


def signal_all(procs, sig: int, exclude: int | None = None) -> int:
    """Send ``sig`` to each process (checked against its start time, so a reused pid is never hit)."""
    sent = 0
    for proc in procs:
        if proc.pid == exclude or proc.pid == os.getpid() or proc.zombie:
            continue
        current = _read_proc(proc.pid) if HAVE_PROC else proc
        if current is None or current.start != proc.start:
            continue
        try:
            os.kill(proc.pid, sig)
            sent += 1
        except (ProcessLookupError, PermissionError):
            pass
    return sent


def kill_all(procs, exclude: int | None = None) -> int:
    """SIGKILL each process (never a reused pid)."""
    return signal_all(procs, signal.SIGKILL, exclude)


def proportional_rss(procs_) -> int:
    """Memory of these processes together, counting each shared page once (sum of PSS, in bytes).

    A sum of RSS counts the pages a fork shares with its parent once per process (64 forks of a
    process holding NumPy "use" 64 times its memory); PSS divides each shared page among its users.
    Reading it costs more, so it is read only when the sum of RSS is over a limit. Where it cannot be
    read (not Linux, a process gone), that process's RSS is used."""
    total = 0
    for proc in procs_:
        try:
            with open(f"/proc/{proc.pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
                else:
                    total += proc.rss
        except (OSError, ValueError):
            total += proc.rss
    return total


def alive_with_uid(uid: int) -> list[Proc]:
    return [p for p in snapshot().values() if p.uid == uid and not p.zombie]


def marked(token: bytes, pipe_inodes: set[int]) -> list[Proc]:
    """Processes whose environment carries ``token`` or that hold one of the pipes (Linux only).

    Without bubblewrap or a uid of its own, this is how the last sweep finds a daemon that was
    started and detached between two samples: it still has the sandbox's environment (unless it
    replaced it in exec) or its output pipes (unless it closed them)."""
    if not HAVE_PROC:
        return []
    found = []
    for pid, proc in snapshot().items():
        if pid == os.getpid() or proc.zombie:
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as handle:
                if token in handle.read():
                    found.append(proc)
                    continue
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("pipe:[") and int(link[6:-1]) in pipe_inodes:
                    found.append(proc)
                    break
        except (OSError, ValueError):
            continue
    return found
