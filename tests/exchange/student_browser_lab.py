"""A student's ``jupyter lab`` for test_student_browser.py: started as a temporary Unix user.

The student runs the same interpreter and packages as in test_exchange_multiuser.py (World's
copied interpreter with REPO and SITE_PACKAGES on PYTHONPATH, see multiuser_world.World.env):
``python -m jupyterlab`` as the student with ``runuser``, in the student's HOME, with the
course's nbgrader config (World.etc, on JUPYTER_CONFIG_PATH) and a Jupyter config in the
student's HOME that enables nbgrader's assignment_list server extension.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from multiuser_world import RUNUSER

#: JupyterLab's built assets (the venv's app dir): the copied interpreter's sys.prefix has none.
LAB_DIR = os.path.join(sys.prefix, "share", "jupyter", "lab")
#: No "get notified about news?" toast and no update check over the network.
NOTIFICATION_SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_student_config(w, who) -> None:
    """The student's ~/.jupyter: server extensions (JupyterLab + nbgrader's Assignments) and quiet Lab settings."""
    home = w.home(who)
    pw = pwd.getpwnam(w.users[who])
    files = {
        os.path.join(home, ".jupyter", "jupyter_server_config.json"): {
            "ServerApp": {"jpserver_extensions": {"jupyterlab": True,
                                                  "nbgrader.server_extensions.assignment_list": True}},
            "LabApp": {"news_url": None,
                       "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate"}},
        os.path.join(home, ".jupyter", "lab", "user-settings", "@jupyterlab", "apputils-extension",
                     "notification.jupyterlab-settings"): NOTIFICATION_SETTINGS,
    }
    for path, content in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            json.dump(content, fh)
    for dirpath, dirnames, filenames in os.walk(home):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirnames + filenames)]:
            os.chown(name, pw.pw_uid, pw.pw_gid)


class StudentLab:
    """``jupyter lab`` running as ``who`` on 127.0.0.1; ``stop()`` ends it by its process group."""

    def __init__(self, w, who):
        self.w, self.who = w, who
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(w.base, f"lab-{who}.log")
        self.process = None

    def start(self, timeout: float = 90) -> str:
        w, home = self.w, self.w.home(self.who)
        env = {**w.env(self.who), "JUPYTERLAB_DIR": LAB_DIR, "JUPYTER_TOKEN": self.token}
        args = [w.python, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={home}",
                "--ServerApp.open_browser=False"]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [RUNUSER, "-u", w.users[self.who], "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *args],
                cwd=home, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.process.returncode}):\n{self.log()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=5) as reply:
                    if reply.status == 200:
                        return self.base
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer within {timeout:g} s:\n{self.log()[-4000:]}")

    def api(self, path, method="GET"):
        req = urllib.request.Request(f"{self.base}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def log(self) -> str:
        try:
            with open(self.log_path, errors="replace") as fh:
                return fh.read()
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:  # shut the kernels down through the server: they run in sessions of their own
            for kernel in self.api("/api/kernels"):
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
        except (OSError, ValueError):
            pass
        os.killpg(self.process.pid, signal.SIGTERM)  # runuser and the server: our own session
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def processes_of(uid: int) -> list[int]:
    """PIDs of the processes running as ``uid`` (a temporary user this test created)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except OSError:
                pass
    return pids


def end_leftovers(uid: int) -> list[int]:
    """SIGKILL, one PID at a time, whatever still runs as the temporary ``uid`` (so userdel works)."""
    left = processes_of(uid)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while processes_of(uid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
