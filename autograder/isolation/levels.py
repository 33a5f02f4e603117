"""Which isolation this machine offers, and the command line that starts a sandbox.

Two levels:

``bwrap``  (Linux with bubblewrap) — new mount, PID, network, IPC and UTS namespaces; a
           read-only view of the system and of Python only (no course directory, gradebook,
           reference solutions or hidden checks); a private size-limited /tmp; an unprivileged
           user (a dedicated uid with no capabilities when the grader runs as root, uid 65534 in
           a user namespace otherwise); everything killed with the sandbox's PID namespace.
``process`` (anything else) — a separate process in a fresh temporary directory with a cleaned
           environment and the same resource limits, but it can read what the grader's user can
           read and reach the network. The report says so; ``require_isolation`` refuses it.
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import autograder

PACKAGE_DIR = Path(autograder.__file__).resolve().parent
SANDBOX_ROOT = "/opt/autograder-sandbox"  # where the runner's files appear inside the sandbox
SANDBOX_UID_BASE = 62000  # uids handed to sandboxes when the grader runs as root
_uid_counter = itertools.count()


@dataclasses.dataclass(frozen=True)
class Isolation:
    level: str  # "bwrap" or "process"
    features: dict  # feature name -> True/False, for `autograder doctor` and the report
    reason: str = ""  # why the stronger level is not in force, if it is not

    def describe(self) -> str:
        on = ", ".join(name for name, ok in self.features.items() if ok) or "none"
        text = f"isolation: {self.level} ({on})"
        return text + (f"; {self.reason}" if self.reason else "")


@functools.lru_cache(maxsize=None)
def probe(requested: str = "auto") -> Isolation:
    """Find the strongest level available (or check the requested one) by starting a sandbox."""
    bwrap = shutil.which("bwrap")
    base = {"clean environment": True, "private working directory": True, "resource limits": True}
    if requested == "process":
        return Isolation("process", {**base, "namespaces": False}, "process isolation requested in the configuration")
    if not sys.platform.startswith("linux"):
        return Isolation("process", {**base, "namespaces": False}, f"bubblewrap needs Linux (this is {sys.platform})")
    if bwrap is None:
        return Isolation("process", {**base, "namespaces": False},
                         "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)")
    try:
        result = subprocess.run(bwrap_command([sys.executable, "-c", "print('ok')"], tmp_bytes=16 * 1024**2),
                                capture_output=True, timeout=30, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Isolation("process", {**base, "namespaces": False}, f"bubblewrap failed to start: {exc}")
    if result.returncode != 0 or result.stdout.strip() != "ok":
        return Isolation("process", {**base, "namespaces": False},
                         f"bubblewrap cannot create namespaces here: {result.stderr.strip()[:300]}")
    features = {**base, "no network": True, "own PID namespace": True, "read-only system view": True,
                "course directory hidden": True, "unprivileged user": True}
    return Isolation("bwrap", features)


def _python_roots() -> list[str]:
    """Directories the interpreter and its packages live in, to be bound read-only."""
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    roots.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    return sorted(r for r in roots if r not in ("/usr", "/"))


def bwrap_command(inner: list[str], tmp_bytes: int, mpl_seed: str | None = None) -> list[str]:
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
        uid = str(SANDBOX_UID_BASE + next(_uid_counter) % 1000)
        cmd += [shutil.which("setpriv") or "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + inner
