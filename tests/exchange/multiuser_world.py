"""The temporary machine for test_exchange_multiuser.py: Unix users, an interpreter they can run,
commands run as them with ``runuser``, the service started as the instructor, and cleanup."""

import hashlib
import os
import secrets
import sys
import time

from autograder.exchange import localusers
from autograder.exchange.localusers import RUNUSER, parallel  # noqa: F401 (used by the tests)
from exchange_helpers import COURSE, REPO, SITE_PACKAGES, nbgrader_env

TOOLS = localusers.TOOLS + ("mkfifo",)
STUDENTS = ("alice", "bob", "carol", "dave")


def why_skip():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates temporary Unix users (run the suite as root, e.g. in CI)"
    return localusers.why_unavailable(TOOLS)


PROBE = ("import sys, nbgrader, autograder.exchange, bs4; "
         "assert bs4.BeautifulSoup('<img>', 'html.parser').select('img:not([alt])'); "
         "print('%d.%d' % sys.version_info[:2])")
_copy_interpreter = localusers.copy_interpreter  # the code lives in autograder/exchange/localusers.py


def user_python(user, base):
    """``(interpreter, extra_env)`` that ``user`` can run with our packages, or ``(None, None)``."""
    return localusers.user_python(user, base, probe=PROBE, pythonpath=f"{REPO}:{SITE_PACKAGES}")


class World:
    """The temporary machine set-up: users, homes, course, service; ``as_user`` runs commands.

    Users, group and homes are made and removed by ``autograder.exchange.localusers``.
    """

    def __init__(self):
        self.tag = "agx" + secrets.token_hex(3)
        self.users = {"instructor": self.tag + "i", **{s: self.tag + s[0] for s in STUDENTS}}
        self.group = self.tag + "s"
        self.local = localusers.TemporaryUsers(prefix=self.tag, base_prefix="agx-multiuser-")
        self.base = self.local.base
        self.root = os.path.join(self.base, "exchange")
        self.etc = os.path.join(self.base, "etc")
        self.bin = os.path.join(self.base, "bin")
        self.service = None

    @property
    def created_users(self):
        return self.local.created

    @property
    def created_group(self):
        return bool(self.local.groups)

    def home(self, who):
        return self.local.home(self.users[who])

    def create_users(self):
        self.local.add_group(self.group)
        for who, name in self.users.items():
            self.local.add_user(name, groups=(self.group,) if who != "instructor" else ())

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
        result = localusers.run_as(self.users[who], args, self.env(who), cwd or self.home(who),
                                   check=False, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{who}: {args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def nbgrader(self, who, *args, **kw):
        return self.as_user(who, [self.python, "-m", "nbgrader", *args], **kw)

    def start_service(self, config, wait=True):
        """Start the service as the instructor; ``wait=False``: call ``wait_for_service`` later."""
        self._service_log = os.path.join(self.base, "service.log")
        with open(self._service_log, "w") as log:
            self.service = localusers.spawn_as(
                self.users["instructor"], [self.python, "-m", "autograder.exchange.service", "--config", config],
                self.env("instructor"), cwd="/", stdout=log)
        if wait:
            self.wait_for_service()

    def wait_for_service(self):
        sock = os.path.join(self.root, COURSE, "exchange.sock")
        deadline = time.monotonic() + 60
        while not os.path.exists(sock):
            if self.service.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("service did not start:\n" + open(self._service_log).read())
            time.sleep(0.05)

    def cleanup(self):
        try:
            localusers.stop(self.service)
        finally:
            self.local.cleanup()


def snapshot(top):
    """{relative path: sha256} of every file under ``top`` (read as root)."""
    out = {}
    for dirpath, _, files in os.walk(top):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, top)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def prepare(w):
    """Create ``w``'s users, find an interpreter they can run and fill its bin directory; skip the test
    (with the reason) when unprivileged users cannot run this interpreter. The caller cleans up."""
    import pytest

    w.create_users()
    w.python, w.python_env = user_python(w.users["instructor"], w.base)
    if w.python is None:
        pytest.skip(f"unprivileged users cannot run Python {sys.version_info[0]}.{sys.version_info[1]} with "
                    f"nbgrader and autograder from {REPO} and {SITE_PACKAGES}: is a parent directory private "
                    "(e.g. a clone under /root)? Put the repository and its venv under a world-readable "
                    "directory such as /work or /srv")
    w.make_bin()


def course_init(w, course_dir):
    """`autograder course init` for ``w`` as root, the way its docs say (students group, no systemd unit)."""
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "autograder.exchange.cli", "course", "init", COURSE, "--owner", w.users["instructor"],
         "--exchange-root", w.root, "--course-dir", course_dir, "--students-group", w.group, "--config-dir", w.etc,
         "--systemd", "no", "--python", w.python],
        capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=REPO), cwd="/")
