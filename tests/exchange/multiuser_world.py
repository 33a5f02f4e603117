"""The temporary machine for test_exchange_multiuser.py: Unix users, an interpreter they can run,
commands run as them with ``runuser``, the service started as the instructor, and cleanup."""

import hashlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from exchange_helpers import COURSE, REPO, SITE_PACKAGES, nbgrader_env

TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "runuser", "mkfifo")
STUDENTS = ("alice", "bob", "carol", "dave")
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"


def why_skip():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates temporary Unix users (run the suite as root, e.g. in CI)"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"needs {', '.join(missing)} (Debian: apt-get install passwd util-linux coreutils)"
    return None


PROBE = ("import sys, nbgrader, autograder.exchange, bs4; "
         "assert bs4.BeautifulSoup('<img>', 'html.parser').select('img:not([alt])'); "
         "print('%d.%d' % sys.version_info[:2])")


def _copy_interpreter(dest):
    """Copy this interpreter (binary, libpython, stdlib; no site-packages) to a world-readable place.

    Why: a pyenv/venv interpreter under /root (mode 0700) cannot be run by other users, and
    Debian's older python3.11 has a regex bug that breaks nbconvert's HTML export (soupsieve).
    """
    ver = f"{sys.version_info[0]}.{sys.version_info[1]}"
    prefix = sys.base_prefix
    exe = os.path.join(prefix, "bin", f"python{ver}")
    if not os.path.isfile(exe):
        return None
    os.makedirs(os.path.join(dest, "bin"))
    shutil.copy2(exe, os.path.join(dest, "bin"))
    os.makedirs(os.path.join(dest, "lib"))
    for name in os.listdir(os.path.join(prefix, "lib")):
        if name.startswith("libpython"):
            shutil.copy2(os.path.join(prefix, "lib", name), os.path.join(dest, "lib"), follow_symlinks=False)
    shutil.copytree(os.path.join(prefix, "lib", f"python{ver}"), os.path.join(dest, "lib", f"python{ver}"),
                    symlinks=True, ignore=shutil.ignore_patterns(
                        "site-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3"))
    subprocess.run(["chmod", "-R", "a+rX", dest], check=True, timeout=120)
    return os.path.join(dest, "bin", f"python{ver}")


def user_python(user, base):
    """``(interpreter, extra_env)`` that ``user`` can run with our packages, or ``(None, None)``."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"

    def works(cand, extra):
        env = {"PATH": "/usr/bin:/bin", "HOME": "/", "PYTHONPATH": f"{REPO}:{SITE_PACKAGES}", **extra}
        probe = subprocess.run([RUNUSER, "-u", user, "--", cand, "-c", PROBE],
                               env=env, capture_output=True, text=True, timeout=120, cwd="/")
        return probe.returncode == 0 and probe.stdout.strip() == version

    if works(os.path.realpath(sys.executable), {}):
        return os.path.realpath(sys.executable), {}
    copied = _copy_interpreter(os.path.join(base, "python"))
    extra = {"LD_LIBRARY_PATH": os.path.join(base, "python", "lib")}
    if copied and works(copied, extra):
        return copied, extra
    return None, None


class World:
    """The temporary machine set-up: users, homes, course, service; ``as_user`` runs commands."""

    def __init__(self):
        self.tag = "agx" + secrets.token_hex(3)
        self.users = {"instructor": self.tag + "i", **{s: self.tag + s[0] for s in STUDENTS}}
        self.group = self.tag + "s"
        self.base = tempfile.mkdtemp(prefix="agx-multiuser-", dir="/tmp")
        os.chmod(self.base, 0o755)
        self.root = os.path.join(self.base, "exchange")
        self.etc = os.path.join(self.base, "etc")
        self.bin = os.path.join(self.base, "bin")
        self.created_users, self.created_group, self.service = [], False, None

    def home(self, who):
        return os.path.join(self.base, "home", self.users[who])

    def create_users(self):
        subprocess.run(["groupadd", self.group], check=True, timeout=60)
        self.created_group = True
        for who, name in self.users.items():
            extra = ["-G", self.group] if who != "instructor" else []
            subprocess.run(["useradd", "-M", "-d", os.path.join(self.base, "home", name), "-s", "/bin/sh",
                            *extra, name], check=True, timeout=60)
            self.created_users.append(name)
            os.makedirs(self.home(who), mode=0o700)
            pw = pwd.getpwnam(name)
            os.chown(self.home(who), pw.pw_uid, pw.pw_gid)

    def make_bin(self):
        """Commands nbgrader runs by name (``alembic``), as wrappers around the users' interpreter."""
        os.makedirs(self.bin, mode=0o755)
        with open(os.path.join(self.bin, "alembic"), "w") as fh:
            fh.write(f'#!/bin/sh\nexec {self.python} -m alembic "$@"\n')
        os.chmod(os.path.join(self.bin, "alembic"), 0o755)

    def env(self, who):
        env = nbgrader_env(self.home(who), self.etc, python_path=f"{REPO}:{SITE_PACKAGES}")
        env["PATH"] = f"{self.bin}:/usr/bin:/bin"
        env["JUPYTER_PATH"] = os.path.join(sys.prefix, "share", "jupyter")  # nbconvert's templates
        env.update(self.python_env)
        return env

    def as_user(self, who, args, cwd=None, check=True, timeout=300):
        """Run ``args`` as ``who`` in a fresh session; kill its process group on timeout."""
        env = self.env(who)
        cmd = [RUNUSER, "-u", self.users[who], "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *args]
        proc = subprocess.Popen(cmd, cwd=cwd or self.home(who), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        result = subprocess.CompletedProcess(args, proc.returncode, out, err)
        if check and proc.returncode != 0:
            raise AssertionError(f"{who}: {args} failed ({proc.returncode}):\n{out}\n{err}")
        return result

    def nbgrader(self, who, *args, **kw):
        return self.as_user(who, [self.python, "-m", "nbgrader", *args], **kw)

    def start_service(self, config):
        log = open(os.path.join(self.base, "service.log"), "w")
        env = self.env("instructor")
        self.service = subprocess.Popen(
            [RUNUSER, "-u", self.users["instructor"], "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()],
             self.python, "-m", "autograder.exchange.service", "--config", config],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd="/")
        sock = os.path.join(self.root, COURSE, "exchange.sock")
        deadline = time.monotonic() + 60
        while not os.path.exists(sock):
            if self.service.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("service did not start:\n" + open(log.name).read())
            time.sleep(0.1)

    def cleanup(self):
        if self.service is not None and self.service.poll() is None:
            os.killpg(self.service.pid, signal.SIGTERM)
            try:
                self.service.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.service.pid, signal.SIGKILL)
                self.service.wait(timeout=15)
        for name in self.created_users:
            subprocess.run(["userdel", name], timeout=60, capture_output=True)
        if self.created_group:
            subprocess.run(["groupdel", self.group], timeout=60, capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


def snapshot(top):
    """{relative path: sha256} of every file under ``top`` (read as root)."""
    out = {}
    for dirpath, _, files in os.walk(top):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, top)] = hashlib.sha256(fh.read()).hexdigest()
    return out
