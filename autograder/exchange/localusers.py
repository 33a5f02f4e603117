"""Temporary local Unix users that run commands as themselves (root only).

The secure exchange tells students apart by the uid the kernel reports, so anything that shows
it working for real (``autograder demo`` as root, ``tests/exchange/test_exchange_multiuser.py``)
needs several Unix identities. This module creates them under unique names, gives them an
interpreter they can run with this project's packages, runs commands as them with ``runuser``
in a clean environment, and removes the users, their group and their homes again, also when
something fails (use ``TemporaryUsers`` as a context manager).

Why an interpreter copy: a pyenv or venv interpreter under ``/root`` (mode 0700) cannot be run
by other users. ``user_python`` first tries the current interpreter and otherwise copies it
(binary, libpython and the standard library, never site-packages) to a world-readable temporary
directory; the project and its site-packages are then reached through ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "runuser")
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
#: The directory holding this project's ``autograder`` package, and the site-packages with nbgrader.
PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE_PACKAGES = next((p for p in sys.path if p.endswith("site-packages")
                      and os.path.isdir(os.path.join(p, "nbgrader"))), "")
DEFAULT_PROBE = "import sys, nbgrader, autograder.exchange; print('%d.%d' % sys.version_info[:2])"


def why_unavailable(tools=TOOLS):
    """Why temporary users cannot be created here (a one-line reason), or None if they can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to create temporary Unix users"
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        return f"needs {', '.join(missing)} (Debian: apt-get install passwd util-linux coreutils)"
    return None


def python_path():
    """``PYTHONPATH`` that makes this project and its installed packages importable."""
    return f"{PROJECT}:{SITE_PACKAGES}" if SITE_PACKAGES else PROJECT


def copy_interpreter(dest):
    """Copy this interpreter (binary, libpython, stdlib; no site-packages) to a world-readable place.

    Returns the copied executable, or None if this interpreter's layout is not the usual one.
    Why: a pyenv/venv interpreter under /root (mode 0700) cannot be run by other users, and
    Debian's older python3.11 has a regex bug that breaks nbconvert's HTML export (soupsieve).
    """
    prefix = sys.base_prefix
    exe = os.path.join(prefix, "bin", f"python{VERSION}")
    if not os.path.isfile(exe):
        return None
    os.makedirs(os.path.join(dest, "bin"))
    shutil.copy2(exe, os.path.join(dest, "bin"))
    os.makedirs(os.path.join(dest, "lib"))
    for name in os.listdir(os.path.join(prefix, "lib")):
        if name.startswith("libpython"):
            shutil.copy2(os.path.join(prefix, "lib", name), os.path.join(dest, "lib"), follow_symlinks=False)
    shutil.copytree(os.path.join(prefix, "lib", f"python{VERSION}"), os.path.join(dest, "lib", f"python{VERSION}"),
                    symlinks=True, ignore=shutil.ignore_patterns(
                        "site-packages", "test", "tests", "idlelib", "tkinter", "turtledemo", "ensurepip",
                        "lib2to3", "config-*"))
    for dirpath, dirnames, filenames in os.walk(dest):  # a+rX, as `chmod -R a+rX` (no subprocess)
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                continue
            mode = os.lstat(p).st_mode
            os.chmod(p, mode | 0o444 | (0o111 if mode & 0o111 or name in dirnames else 0))
    os.chmod(dest, 0o755)
    return os.path.join(dest, "bin", f"python{VERSION}")


def user_python(user, base, probe=DEFAULT_PROBE, pythonpath=None):
    """``(interpreter, extra_env)`` that ``user`` can run with our packages, or ``(None, None)``.

    ``base`` is a world-readable directory for the interpreter copy (when one is needed);
    ``probe`` is Python code that must print ``MAJOR.MINOR`` when everything it needs imports.
    """
    pythonpath = pythonpath or python_path()

    def works(cand, extra):
        env = {"PATH": "/usr/bin:/bin", "HOME": "/", "PYTHONPATH": pythonpath, **extra}
        proc = subprocess.run([RUNUSER, "-u", user, "--", cand, "-c", probe],
                              env=env, capture_output=True, text=True, timeout=120, cwd="/")
        return proc.returncode == 0 and proc.stdout.strip() == VERSION

    own = os.path.realpath(sys.executable)
    if os.access(own, os.X_OK) and _world_reachable(own) and works(own, {}):
        return own, {}
    copied = copy_interpreter(os.path.join(base, "python"))
    extra = {"LD_LIBRARY_PATH": os.path.join(base, "python", "lib")}
    if copied and works(copied, extra):
        return copied, extra
    return None, None


def _world_reachable(path):
    """True if every directory above ``path`` can be searched by others (cheap pre-check)."""
    d = os.path.dirname(path)
    while True:
        try:
            if not os.stat(d).st_mode & 0o001:
                return False
        except OSError:
            return False
        if d == "/":
            return True
        d = os.path.dirname(d)


def run_as(user, args, env, cwd, check=True, timeout=300):
    """Run ``args`` as ``user`` with exactly ``env`` in a new session; kill the group on timeout."""
    cmd = [RUNUSER, "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *args]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    result = subprocess.CompletedProcess(args, proc.returncode, out, err)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{user}: {args} failed ({proc.returncode}):\n{out}\n{err}")
    return result


def spawn_as(user, args, env, cwd="/", stdout=None):
    """Start ``args`` as ``user`` in the background (new session); stop it with ``stop``."""
    cmd = [RUNUSER, "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *args]
    return subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.STDOUT if stdout else None,
                            start_new_session=True, cwd=cwd)


def stop(proc, timeout=15):
    """Stop a process started by ``spawn_as`` (SIGTERM to its group, then SIGKILL)."""
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


def parallel(*calls, workers=3):
    """Run the zero-argument ``calls`` concurrently; return their results in order (first error raised)."""
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(calls)))) as pool:
        futures = [pool.submit(c) for c in calls]
        return [f.result() for f in futures]


class TemporaryUsers:
    """Unix users with unique names, their homes and a group, all removed by ``cleanup``.

    ``base`` is a new world-searchable directory under /tmp holding the homes (``base/home/NAME``,
    0700, owned by the user) and anything else the caller puts there (it is deleted at the end).
    """

    def __init__(self, prefix="agtmp", base_prefix="agtmp-"):
        self.prefix = prefix
        self.base = tempfile.mkdtemp(prefix=base_prefix, dir="/tmp")
        os.chmod(self.base, 0o755)
        self.created, self.groups = [], []

    def unique(self, stem=""):
        """A fresh user or group name: ``<prefix>[-<stem>]-<random hex>`` (at most 32 characters)."""
        tail = secrets.token_hex(3)
        name = f"{self.prefix}-{stem}-{tail}" if stem else f"{self.prefix}-{tail}"
        return name[:32]

    def home(self, name):
        return os.path.join(self.base, "home", name)

    def add_group(self, name):
        subprocess.run(["groupadd", name], check=True, timeout=60, capture_output=True)
        self.groups.append(name)
        return name

    def add_user(self, name, groups=()):
        """Create ``name`` (no login password, shell /bin/sh) with its home under ``base``."""
        extra = ["-G", ",".join(groups)] if groups else []
        subprocess.run(["useradd", "-M", "-d", self.home(name), "-s", "/bin/sh", *extra, name],
                       check=True, timeout=60, capture_output=True)
        self.created.append(name)
        os.makedirs(self.home(name), mode=0o700)
        pw = pwd.getpwnam(name)
        os.chown(self.home(name), pw.pw_uid, pw.pw_gid)
        return name

    def cleanup(self):
        """Remove every user and group created here, and ``base`` with the homes; never raises."""
        for name in self.created:
            subprocess.run(["userdel", "-f", name], timeout=60, capture_output=True)
        for name in self.groups:
            subprocess.run(["groupdel", name], timeout=60, capture_output=True)
        self.created, self.groups = [], []
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False
