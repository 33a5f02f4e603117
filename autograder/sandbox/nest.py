"""The fork in which one test cell's checks call the student's functions (untrusted side).

The hidden inputs of a test cell's checks must never reach the process that runs the student's
later cells, or a later cell could print them into her feedback. So at ``checks_begin`` the runner
forks; the calls are served by a grandchild that lives in fresh namespaces, and ends at
``checks_end``; the runner itself (whose memory never held a hidden input) runs the later cells.

    runner (P) ── fork ──► C: unshare(user, mount, net, pid, ipc), map uid ── fork ──► G: PID 1 of a
    waits for C            waits for G, exits with its status                    new PID namespace

G then mounts a fresh /proc (or hides the old one), a fresh /tmp holding a copy of /tmp/work, a
fresh /dev/shm, drops every inherited descriptor but the protocol's and 0/1/2, and starts a
session of its own; so a global, a file, a FIFO, an abstract socket, a pipe, a signal or
/proc/<pid>/mem written in G is gone with G. What could not be done is left out of ``isolated``:
without user namespaces (the "process" level on some kernels) this is a plain fork.

None of this is trusted: the student's earlier cells ran in this process and can rewrite it. The
trusted side (``autograder.isolation.notebook``, ``_Fork``) stops every older process of the sandbox while the
checks run, kills whatever the checks started afterwards, and discards what they wrote on the
protocol stream; this module is what makes an honest runner's fork clean.

Imports: the standard library only.
"""
from __future__ import annotations

import ctypes
import os
import shutil
from builtins import len, min, open, str  # bound now: a cell may replace builtins.*

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = (
    0x00020000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
PR_SET_DUMPABLE = 4
COPY_LIMIT = 64 * 1024 * 1024  # bytes of /tmp/work copied into the checks' /tmp
TMP_SIZE = 128 * 1024 * 1024

try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # not a glibc system: plain fork only
    _libc = None


def _call(name: str, *args) -> bool:
    function = getattr(_libc, name, None) if _libc is not None else None
    return function is not None and function(*args) == 0


def not_dumpable() -> bool:
    """PR_SET_DUMPABLE 0: a process of the same uid can no longer open our /proc/<pid>/mem or ptrace us.

    Inherited by the fork, so G is not readable by the runner's leftover processes either."""
    return _call("prctl", PR_SET_DUMPABLE, 0, 0, 0, 0)


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _unshare() -> bool:
    """New user, mount, net, PID and IPC namespaces, mapping our uid/gid to 65534 (nobody) inside."""
    uid, gid = os.getuid(), os.getgid()
    if not _call("unshare", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC):
        return False
    try:
        # non-dumpable makes our /proc/self files root's: allow the map writes for a moment (no student code runs here)
        _call("prctl", PR_SET_DUMPABLE, 1, 0, 0, 0)
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"65534 {uid} 1")
        _write("/proc/self/gid_map", f"65534 {gid} 1")
    except OSError:
        pass  # namespaces without a mapping still hold; mounts will fail and say so
    finally:
        not_dumpable()
    return True


def _mount(source: bytes, target: bytes, fstype: bytes, flags: int, data: bytes | None) -> bool:
    return _call("mount", source, target, fstype, flags, data)


def _copy_work(target: str) -> None:
    """Copy the current directory (the old working directory: a data file an earlier cell wrote) into ``target``,
    up to COPY_LIMIT bytes; links are copied as links."""
    budget = [COPY_LIMIT]

    def copy(src, dst, *, follow_symlinks=True):
        size = os.lstat(src).st_size
        if size <= budget[0]:
            budget[0] -= size
            shutil.copy2(src, dst, follow_symlinks=False)

    try:
        shutil.copytree(".", target, symlinks=True, copy_function=copy, dirs_exist_ok=True)
    except (OSError, shutil.Error):
        pass  # what could be copied was; the checks run without the rest


def _fresh_filesystems(isolated: list) -> None:
    """Fresh /tmp (with a copy of the working directory, /tmp/work under bwrap), /dev/shm and /proc, in G's
    own mount namespace."""
    flags = MS_NOSUID | MS_NODEV
    cwd = os.getcwd()
    old_work = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
    if _mount(b"tmpfs", b"/tmp", b"tmpfs", flags, b"size=%d,mode=1777" % TMP_SIZE):
        isolated.append("fresh /tmp")
        if cwd == "/tmp" or cwd.startswith("/tmp/"):  # the old directory stays reachable through the descriptor
            os.makedirs(cwd, mode=0o777, exist_ok=True)
            os.fchdir(old_work)
            _copy_work(cwd)
            os.chdir(cwd)
    os.close(old_work)
    if os.path.isdir("/dev/shm") and _mount(b"tmpfs", b"/dev/shm", b"tmpfs", flags, b"size=%d,mode=1777" % TMP_SIZE):
        isolated.append("fresh /dev/shm")
    # the old /proc shows the sandbox's other processes. A fresh proc mount is refused under bwrap's
    # read-only overmounts of /proc/sys etc.; then an empty tmpfs hides the old one.
    if _mount(b"proc", b"/proc", b"proc", flags | MS_NOEXEC, None):
        isolated.append("fresh /proc")
    elif _mount(b"tmpfs", b"/proc", b"tmpfs", flags | MS_NOEXEC, b"size=64k,mode=755"):
        isolated.append("/proc hidden")


def _close_descriptors(keep: set) -> None:
    """Close every descriptor but ``keep``: a pipe or socket an earlier cell opened must not reach G."""
    top = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024
    for fd in range(3, min(top, 1 << 16)):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def enter(protocol_fds: set) -> tuple[int, list[str]]:
    """Fork for the checks. Returns (pid, isolated): in the runner the pid of the child to wait for
    and []; in the process that serves the calls 0 and what holds."""
    not_dumpable()
    pid = os.fork()
    if pid:
        return pid, []
    isolated = ["fork"]
    try:
        if _unshare():
            grandchild = os.fork()
            if grandchild:  # C: no student code runs here; it only outlives G to report its status
                _close_descriptors(set())
                while True:
                    try:
                        _, status = os.waitpid(grandchild, 0)
                        break
                    except ChildProcessError:
                        os._exit(0)
                    except InterruptedError:
                        continue
                os._exit(os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
            isolated += ["user namespace", "network namespace", "IPC namespace", "PID namespace"]
            _fresh_filesystems(isolated)
        os.setsid()  # os.kill(0, ...) reaches only G's own group
        isolated.append("own session")
        _close_descriptors(protocol_fds)
        isolated.append("inherited descriptors closed")
    except BaseException:  # whatever failed, G still serves the calls: say less, never fail the grading
        pass
    return 0, isolated


def wait(pid: int) -> str | None:
    """In the runner: wait for the checks' child; None if it ended normally, else how it ended."""
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return None
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            return None
        if os.WIFSIGNALED(status):
            return f"the checks' process was killed by signal {os.WTERMSIG(status)}"
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        return f"the checks' process ended with exit code {code}" if code < 128 else \
            f"the checks' process was killed by signal {code - 128}"
