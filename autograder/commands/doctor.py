"""``autograder doctor``: which isolation features this machine offers and which are in force.

Three parts: the guarantees of the strongest level this machine offers next to those of the level the
course's configuration puts in force; the limits in force (``c.GradeInSandbox.limits`` over the
defaults); and, unless ``--no-live``, a live check that starts one sandbox at the level in force and
tries, from inside, what the guarantees say it cannot do.
"""
from __future__ import annotations

import dataclasses
import os
import platform
import socket
import sys

from autograder import settings
from autograder.isolation import levels
from autograder.isolation.limits import Limits

LIVE_PROBE = """
import os, resource, socket
def attempt(action):
    try:
        action()
        return "possible"
    except OSError:
        return "refused"
print("uid", os.getuid())
print("processes visible", len([p for p in os.listdir('/proc') if p.isdigit()]))
print("connect 127.0.0.1", attempt(lambda: socket.create_connection(("127.0.0.1", {port}), timeout=2).close()))
print("read course", attempt(lambda: open({config!r}).close()))
print("write /usr", attempt(lambda: open("/usr/autograder-doctor", "w").close()))
print("process limit", resource.getrlimit(resource.RLIMIT_NPROC)[0])
print("grader variables", sorted(k for k in os.environ if k.startswith(("NBGRADER", "JPY", "JUPYTER"))))
"""


def register(subparsers):
    p = subparsers.add_parser("doctor", help="print the isolation features available and in force",
                              description="Print the isolation guarantees this machine offers and those in force, "
                                          "the limits in force, and a live check from inside a sandbox.")
    p.add_argument("--no-live", action="store_true", help="skip the live check (starting one sandbox)")
    p.set_defaults(run=run)


def guarantees(isolation: levels.Isolation) -> list[tuple[str, bool]]:
    """What a sandbox at this level guarantees, one line each."""
    bwrap = isolation.level == "bwrap"
    linux = sys.platform.startswith("linux")
    return [
        ("only plain data crosses the boundary, strictly decoded; scores computed outside", True),
        ("test cells come from the source notebook, never from the submission", True),
        ("the checks' calls run in a throwaway fork; later cells never see their inputs", True),
        ("  that fork in fresh user, mount, network, PID, IPC namespaces (own /tmp, /proc)", bwrap),
        ("clean environment (no NBGRADER_*, no secret, no tokens)", True),
        ("private working directory", True),
        ("private, size-limited /tmp", bwrap),
        ("no network, not even 127.0.0.1", bwrap),
        ("own PID namespace: sees and signals only its own processes", bwrap),
        ("read-only view of the system and Python only", bwrap),
        ("course directory, gradebook, references, hidden checks invisible", bwrap),
        ("unprivileged user", isolation.features.get("unprivileged user", False)),
        ("a uid of its own per sandbox (process and thread limit binds it alone)", isolation.own_uid),
        ("wall time per cell, call and notebook; CPU time per request and notebook", True),
        ("CPU time, memory, file size, open files per process (setrlimit)", True),
        ("memory of all its processes together (sampled every 0.1 s)", True),
        ("processes and threads (RLIMIT_NPROC; counted by the grader where root is exempt)", linux),
        ("process and thread limit enforced by the kernel", linux and (isolation.own_uid or os.geteuid() != 0)),
        ("output capped per cell and per notebook, images capped", True),
        ("every process it started ends with it, also if the grader is killed",
         bwrap or isolation.own_uid),
    ]


def run(args) -> int:
    available = levels.probe("auto")
    config = settings.load_nbgrader_config(args.root)
    in_force, limits, problem = None, Limits(), ""
    try:
        grading = settings.make_settings(args.root, config, secret="doctor")
        in_force, limits = grading.isolation, grading.limits
    except Exception as exc:  # doctor reports, it does not fail on configuration
        problem = str(exc)
    print(f"machine: {platform.system()} {platform.release()} {platform.machine()}, Python "
          f"{platform.python_version()}, grader uid {os.geteuid()}")
    print(f"available: {available.level}" + (f" ({available.reason})" if available.reason else ""))
    print(f"in force:  {in_force.level if in_force else 'none'}" +
          (f" ({in_force.reason})" if in_force and in_force.reason else "") + (f" - {problem}" if problem else ""))
    print()
    print(f"{'guarantee':82} available  in force")
    force = dict(guarantees(in_force)) if in_force else {}
    for name, ok in guarantees(available):
        print(f"  {name:80} {'yes' if ok else 'no':9}  {'yes' if force.get(name) else 'no'}")
    print()
    print("limits in force (c.GradeInSandbox.limits over the defaults):")
    for field in dataclasses.fields(limits):
        print(f"  {field.name:24} {getattr(limits, field.name)}")
    if in_force and not args.no_live:
        print()
        print(f"live check (one sandbox at the level in force, {in_force.level}):")
        for line in live_check(in_force, limits, args.root):
            print(f"  {line}")
    return 0


def live_check(isolation: levels.Isolation, limits: Limits, root: str) -> list[str]:
    from autograder.isolation.notebook import SandboxedNotebook

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    config = os.path.abspath(os.path.join(root, "nbgrader_config.py"))
    try:
        with SandboxedNotebook(limits.replace(cell_seconds=30), isolation) as sandbox:
            answer = sandbox.exec_cell("doctor", LIVE_PROBE.format(port=server.getsockname()[1], config=config))
    finally:
        server.close()
    text = "".join(o.get("text", "") for o in answer["outputs"] if o["output_type"] == "stream")
    errors = [o.get("evalue", "") for o in answer["outputs"] if o["output_type"] == "error"]
    return [line for line in text.splitlines() if line.strip()] + errors
