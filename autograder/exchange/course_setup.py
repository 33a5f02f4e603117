"""``autograder course init``: set up a course's store, service and permissions, saying what it did.

Run once as root on the shared machine. It is idempotent: run it again to repair permissions
or change settings; it keeps what is already right and reports what it changed.
"""

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys

from .client import CONFIG_NAME, SOCKET_NAME, STORE_NAME, unsafe_path_problems
from .nbgrader_common import DEFAULT_ROOT
from .nbgrader_exchange import config_lines, nbgrader_config
from .protocol import NAME_RE

UNIT = """[Unit]
Description=nbgrader submission service for course {course}
After=network.target

[Service]
User={owner}
ExecStart={python} -m autograder.exchange.service --config {config}
Restart=on-failure
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=multi-user.target
"""


class SetupError(Exception):
    """Raised when the course cannot be set up safely; the message says what to fix."""


def _dir(path, mode, uid, gid, say):
    """Create or repair one directory with exactly ``mode`` and owner ``uid``."""
    if os.path.islink(path):
        raise SetupError(f"{path} is a symbolic link; remove it and run again")
    if not os.path.isdir(path):
        os.makedirs(path, exist_ok=True)
        say(f"created  {path}")
    st = os.lstat(path)
    if (st.st_uid, st.st_gid) != (uid, gid) and os.geteuid() == 0:
        os.chown(path, uid, gid)
        say(f"chown    {path} -> {pwd.getpwuid(uid).pw_name}")
    elif st.st_uid != uid:
        raise SetupError(f"{path} is owned by {pwd.getpwuid(st.st_uid).pw_name!r}; run as root")
    if st.st_mode & 0o7777 != mode:
        os.chmod(path, mode)
        say(f"chmod    {path} {oct(st.st_mode & 0o7777)} -> {oct(mode)}")


def _write(path, text, uid, gid, mode, say):
    existed = os.path.exists(path)
    with open(path, "w") as fh:
        fh.write(text)
    os.chmod(path, mode)
    if os.geteuid() == 0:
        os.chown(path, uid, gid)
    say(f"{'updated' if existed else 'wrote  '}  {path}")


def init_course(course_id, owner, root=DEFAULT_ROOT, course_dir="", students_group="",
                config_dir="/etc/jupyter", systemd="auto", python=sys.executable, say=print):
    """Set up ``course_id`` owned by ``owner``; return a dict of the paths it manages."""
    if not NAME_RE.match(course_id):
        raise SetupError(f"invalid course id {course_id!r}: letters, digits, '_', '-', '.'")
    try:
        pw = pwd.getpwnam(owner)
    except KeyError:
        raise SetupError(f"no such user {owner!r}: create the course owner account first") from None
    if students_group:
        try:
            grp.getgrnam(students_group)
        except KeyError:
            raise SetupError(f"no such group {students_group!r}") from None
    euid = os.geteuid()
    if euid not in (0, pw.pw_uid):
        raise SetupError("run `autograder course init` as root (or, for a personal test set-up, as the owner)")
    root = os.path.abspath(root)
    top_uid, top_gid = (0, 0) if euid == 0 else (pw.pw_uid, pw.pw_gid)
    _dir(root, 0o755, top_uid, top_gid, say)
    problems = unsafe_path_problems(os.path.realpath(root), pw.pw_uid)
    if problems:
        raise SetupError("students could rename or replace the exchange: " + "; ".join(problems))
    course = os.path.join(root, course_id)
    store = os.path.join(course, STORE_NAME)
    _dir(course, 0o755, pw.pw_uid, pw.pw_gid, say)
    _dir(store, 0o700, pw.pw_uid, pw.pw_gid, say)
    for sub in ("released", "submissions", "feedback", "tmp"):
        _dir(os.path.join(store, sub), 0o700, pw.pw_uid, pw.pw_gid, say)

    cfg_path = os.path.join(course, CONFIG_NAME)
    cfg = {}
    if os.path.exists(cfg_path):
        with open(cfg_path) as fh:
            cfg = json.load(fh)
    cfg.update(course_id=course_id, store=store, socket=os.path.join(course, SOCKET_NAME),
               students_group=students_group or cfg.get("students_group", ""))
    if course_dir:
        cfg["db_url"] = "sqlite:///" + os.path.join(os.path.abspath(course_dir), "gradebook.db")
    _write(cfg_path, json.dumps(cfg, indent=1, sort_keys=True) + "\n", pw.pw_uid, pw.pw_gid, 0o644, say)

    if course_dir and not os.path.exists(course_dir):
        _dir(course_dir, 0o700, pw.pw_uid, pw.pw_gid, say)
        _write(os.path.join(course_dir, "nbgrader_config.py"),
               f'c = get_config()  # noqa\nc.CourseDirectory.course_id = "{course_id}"\n'
               f'c.CourseDirectory.root = "{os.path.abspath(course_dir)}"\n',
               pw.pw_uid, pw.pw_gid, 0o644, say)
    elif course_dir:
        say(f"kept     {course_dir} (existing course directory; its gradebook gives the due dates)")

    if config_dir:
        if not os.path.isdir(config_dir):
            _dir(config_dir, 0o755, top_uid, top_gid, say)
        nb_path = os.path.join(config_dir, "nbgrader_config.json")
        merged = {}
        if os.path.exists(nb_path):
            with open(nb_path) as fh:
                merged = json.load(fh)
        for section, values in nbgrader_config(root).items():
            merged.setdefault(section, {}).update(values)
        _write(nb_path, json.dumps(merged, indent=1, sort_keys=True) + "\n", top_uid, top_gid, 0o644, say)
    else:
        say("nbgrader config not written (--config-dir ''); add these lines to nbgrader_config.py:")
        for line in config_lines(root):
            say("    " + line)

    start = f"runuser -u {owner} -- {python} -m autograder.exchange.service --config {cfg_path}"
    use_systemd = systemd == "yes" or (systemd == "auto" and os.path.isdir("/run/systemd/system")
                                      and shutil.which("systemctl") and euid == 0)
    unit = f"autograder-exchange-{course_id}.service"
    if use_systemd:
        unit_path = os.path.join("/etc/systemd/system", unit)
        _write(unit_path, UNIT.format(course=course_id, owner=owner, python=python, config=cfg_path),
               0, 0, 0o644, say)
        for cmd in (["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", unit]):
            subprocess.run(cmd, check=True, timeout=60)
            say("ran      " + " ".join(cmd))
    else:
        say("service  not started (no systemd here); start it as the course owner with:")
        say("    " + start)
    say(f"done     course {course_id!r}: students submit with `nbgrader submit <assignment> "
        f"--course {course_id}`; the instructor runs release_assignment/collect as {owner!r}")
    return {"root": root, "course": course, "store": store, "config": cfg_path,
            "socket": cfg["socket"], "start": start}
