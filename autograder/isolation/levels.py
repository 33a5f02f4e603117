"""Which isolation this machine offers, and the command line that starts a sandbox.

Two levels:

``bwrap``  (Linux with bubblewrap) — new mount, PID, network, IPC and UTS namespaces; a
           read-only view of the system and of Python only (no course directory, gradebook,
           reference solutions or hidden checks); a private size-limited /tmp; an unprivileged
           user (as root: a uid of its own per sandbox, leased exclusively, no capabilities,
           no_new_privs; otherwise uid 65534 in a user namespace); everything killed with the
           sandbox's PID namespace, also when the grader itself is killed (``--die-with-parent``).
``process`` (no bubblewrap, or not Linux) — a separate process in a fresh temporary directory with a
           cleaned environment, the same resource limits, and (as root, where the interpreter is
           readable by other users) a uid of its own. It can read what that user can read and reach
           the network; without root it runs as the grader's user and can signal the grader's
           processes. The report says so; ``require_isolation`` refuses it.

What holds on every system, whatever the level: only plain data crosses the boundary
(``autograder.wire``), every score is computed on the trusted side, and wall-time limits, output
caps and frame-size limits are enforced by the trusted side.
"""
from __future__ import annotations

import dataclasses
import errno
import fcntl
import functools
import itertools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import autograder
from autograder.isolation import procs

PACKAGE_DIR = Path(autograder.__file__).resolve().parent
SANDBOX_ROOT = "/opt/autograder-sandbox"  # where the runner's files appear inside the sandbox
SANDBOX_UID_BASE = 62000  # uids handed to sandboxes when the grader runs as root
SANDBOX_UID_COUNT = 1000
UID_LOCK_DIRS = ("/run/autograder-sandbox-uids", os.path.join(tempfile.gettempdir(), "autograder-sandbox-uids-0"))
_uid_counter = itertools.count()


@dataclasses.dataclass(frozen=True)
class Isolation:
    level: str  # "bwrap" or "process"
    features: dict  # feature name -> True/False, for `autograder doctor` and the report
    reason: str = ""  # why the stronger level is not in force, if it is not
    own_uid: bool = False  # every sandbox runs under a uid of its own (lease_uid); needs root

    def describe(self) -> str:
        on = ", ".join(name for name, ok in self.features.items() if ok) or "none"
        text = f"isolation: {self.level} ({on})"
        return text + (f"; {self.reason}" if self.reason else "")


def _common(own_uid: bool) -> dict:
    return {"clean environment": True, "private working directory": True, "resource limits": True,
            "unprivileged user": own_uid or os.geteuid() != 0}


@functools.lru_cache(maxsize=None)
def probe(requested: str = "auto") -> Isolation:
    """Find the strongest level available (or check the requested one) by starting a sandbox."""
    bwrap = shutil.which("bwrap")
    if requested == "process":
        return _process_level("process isolation requested in the configuration")
    if not sys.platform.startswith("linux"):
        return _process_level(f"bubblewrap needs Linux (this is {sys.platform})")
    if bwrap is None:
        return _process_level("bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)")
    under_tmp = [r for r in _python_roots() + [str(PACKAGE_DIR)] if r == "/tmp" or r.startswith("/tmp/")]
    if under_tmp:  # every sandbox (and each checks' fork) mounts a fresh /tmp over whatever was there
        return _process_level(f"the Python installation or the course's code is under /tmp ({under_tmp[0]}), which "
                              "each sandbox replaces with its own empty /tmp: put the course and its .venv elsewhere")
    lease = lease_uid() if os.geteuid() == 0 else None
    try:
        result = subprocess.run(bwrap_command([sys.executable, "-c", "print('ok')"], tmp_bytes=16 * 1024**2,
                                              uid=lease.uid if lease else None),
                                capture_output=True, timeout=30, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _process_level(f"bubblewrap failed to start: {exc}")
    finally:
        if lease:
            lease.release()
    if result.returncode != 0 or result.stdout.strip() != "ok":
        return _process_level(f"bubblewrap cannot create namespaces here: {result.stderr.strip()[:300]}")
    features = {**_common(True), "no network": True, "own PID namespace": True, "read-only system view": True,
                "course directory hidden": True}
    return Isolation("bwrap", features, own_uid=os.geteuid() == 0)


def _process_level(reason: str) -> Isolation:
    own_uid, why = _can_drop_privileges()
    features = {**_common(own_uid), "namespaces": False}
    return Isolation("process", features, reason + (f"; {why}" if why else ""), own_uid=own_uid)


def drop_privileges(uid: int) -> None:
    """In a child before exec (process level, as root): become ``uid`` with no groups."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def _can_drop_privileges() -> tuple[bool, str]:
    """As root: can the runner start under a sandbox uid (is the interpreter readable by others)?"""
    if os.geteuid() != 0:
        return False, "the sandbox runs as the grader's user, so it can signal the grader's processes"
    if not hasattr(os, "setresuid"):
        return False, "this system cannot switch users; the sandbox runs as root"
    lease = lease_uid()
    try:
        result = subprocess.run([sys.executable, "-I", "-c", "import numpy; print('ok')"], capture_output=True,
                                text=True, timeout=60, cwd="/", preexec_fn=lambda: drop_privileges(lease.uid))
        ok = result.returncode == 0 and result.stdout.strip() == "ok"
    except (OSError, subprocess.SubprocessError):
        ok = False
    finally:
        lease.release()
    return (True, "") if ok else (False, f"Python ({sys.executable}) is not readable by other users, so the "
                                         "sandbox runs as root")


def _python_roots() -> list[str]:
    """Directories the interpreter and its packages live in, to be bound read-only."""
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    roots.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    return sorted(r for r in roots if r not in ("/usr", "/"))


def bwrap_command(inner: list[str], tmp_bytes: int, mpl_seed: str | None = None, uid: int | None = None) -> list[str]:
    """The bwrap command that runs ``inner`` in a fresh sandbox."""
    root = os.geteuid() == 0
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
           "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
    if not root:
        cmd += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for link in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = f"/{link}"
        if os.path.islink(path):
            cmd += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            cmd += ["--ro-bind", path, path]
    for etc in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/alternatives"):
        cmd += ["--ro-bind-try", etc, etc]
    # bwrap creates missing parent directories 0700 as root; make them traversable first.
    targets = _python_roots() + [f"{SANDBOX_ROOT}/autograder"]
    for parent in sorted({str(p) for t in targets for p in Path(t).parents if str(p) != "/"}):
        if not parent.startswith("/usr"):
            cmd += ["--perms", "0755", "--dir", parent]
    for directory in _python_roots():
        cmd += ["--ro-bind", directory, directory]
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--size", str(tmp_bytes), "--perms", "1777", "--tmpfs", "/tmp",
            "--perms", "0777", "--dir", "/tmp/work", "--chdir", "/tmp/work"]
    # Only the runner's own files are visible: the package marker, the wire format, the runner.
    cmd += ["--perms", "0755", "--dir", f"{SANDBOX_ROOT}/autograder",
            "--ro-bind", str(PACKAGE_DIR / "__init__.py"), f"{SANDBOX_ROOT}/autograder/__init__.py",
            "--ro-bind", str(PACKAGE_DIR / "wire.py"), f"{SANDBOX_ROOT}/autograder/wire.py",
            "--ro-bind", str(PACKAGE_DIR / "sandbox"), f"{SANDBOX_ROOT}/autograder/sandbox"]
    if mpl_seed:
        cmd += ["--ro-bind", mpl_seed, "/opt/mpl-seed"]
    cmd += ["--"]
    if root:
        if uid is None:
            raise ValueError("as root, a sandbox needs a uid of its own (lease_uid)")
        cmd += [shutil.which("setpriv") or "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + inner


# ------------------------------------------------------------------------------ sandbox uids
class UidLease:
    """A sandbox uid held for the life of one sandbox: an flock on /run/autograder-sandbox-uids/<uid>.

    Leases are exclusive across every grading process on the machine, so two sandboxes running at the
    same time never share a uid: RLIMIT_NPROC binds each alone, and neither may signal or ptrace the
    other (they also live in different PID namespaces, where bwrap is used).
    """

    def __init__(self, uid: int, fd: int):
        self.uid, self._fd = uid, fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _lock_directory() -> str:
    for directory in UID_LOCK_DIRS:
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            info = os.lstat(directory)
        except OSError:
            continue
        # a directory someone else could have planted (a symlink, another owner, writable by others) is not used
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022:
            return directory
    raise RuntimeError(f"no safe directory for sandbox uid locks (tried {', '.join(UID_LOCK_DIRS)})")


def lease_uid() -> UidLease:
    """Take a free sandbox uid (root only): not leased by any grader and with no process left running."""
    directory = _lock_directory()
    start = (os.getpid() * 31 + next(_uid_counter)) % SANDBOX_UID_COUNT
    for k in range(SANDBOX_UID_COUNT):
        uid = SANDBOX_UID_BASE + (start + k) % SANDBOX_UID_COUNT
        fd = os.open(os.path.join(directory, str(uid)), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                continue
            raise
        if procs.alive_with_uid(uid):  # left over from a grader that was killed: not ours to reuse or end
            os.close(fd)
            continue
        return UidLease(uid, fd)
    raise RuntimeError(f"all {SANDBOX_UID_COUNT} sandbox uids from {SANDBOX_UID_BASE} are in use")
