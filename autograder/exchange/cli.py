"""The ``autograder course`` command: ``init`` (set up), ``serve`` (run the service), ``status``.

Wire it into the main CLI with one line, ``autograder.exchange.cli.register(subparsers)``; each
sub-command sets ``args.run`` (and ``args.func``, the same function), which returns an exit status. Standalone:
``python -m autograder.exchange.cli course init --help``.
"""

import argparse
import sys

INIT_DESCRIPTION = """\
Set up a course's secure nbgrader exchange on a shared machine (run as root). It:
  1. creates the exchange root (root-owned, 0755: no student can create, rename or squat a
     course directory in it) and <root>/<course> owned by OWNER;
  2. creates the course store <root>/<course>/store (OWNER, 0700): released assignments, every
     submission and feedback live there, unreadable and unwritable by students;
  3. writes the service's settings to <root>/<course>/service.json (the gradebook given by
     --course-dir supplies due dates and extensions; --students-group limits who may submit);
  4. points nbgrader at this exchange for every user by merging the ExchangeFactory settings into
     <config-dir>/nbgrader_config.json (the JupyterLab Assignments panel reads it too);
  5. installs and starts a systemd unit running the submission service as OWNER, or, without
     systemd, prints the command that starts it.
It prints one line per thing it created or changed, and is safe to run again.
"""


def _cmd_init(args):
    from .course_setup import SetupError, init_course
    try:
        init_course(args.course_id, args.owner, root=args.exchange_root, course_dir=args.course_dir,
                    students_group=args.students_group, config_dir=args.config_dir,
                    systemd=args.systemd, python=args.python)
    except (SetupError, OSError) as e:
        print(f"autograder course init: error: {e}", file=sys.stderr)
        return 1
    return 0


def _cmd_serve(args):
    from .service import main
    return main(["--config", args.config])


def _cmd_status(args):
    from .client import ClientError, ExchangeClient
    client = ExchangeClient(args.exchange_root, args.course_id, expected_owner=args.owner)
    try:
        hello = client.hello()
        released = client.list_released()
    except ClientError as e:
        print(f"autograder course status: {e}", file=sys.stderr)
        return 1
    print(f"course {hello['course']}: service answering; you are {hello['user']!r}")
    print("released: " + (", ".join(a["assignment"] for a in released) or "none"))
    print("limits: " + ", ".join(f"{k}={v}" for k, v in sorted(hello["limits"].items())))
    return 0


def register(subparsers):
    """Add ``course`` (with ``init``, ``serve``, ``status``) to an argparse sub-parser set."""
    from .nbgrader_common import DEFAULT_ROOT
    course = subparsers.add_parser(
        "course", help="set up and run a course's secure nbgrader exchange",
        description="Set up and run a course's secure nbgrader exchange (see docs/exchange.md).")
    sub = course.add_subparsers(dest="course_command", metavar="{init,serve,status}")
    sub.required = True

    init = sub.add_parser("init", help="set up the course store, service and permissions (as root)",
                          description=INIT_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    init.add_argument("course_id", help="course id, as in nbgrader's --course (e.g. mml)")
    init.add_argument("--owner", required=True,
                      help="Unix account that owns the course and runs the service (the grader account)")
    init.add_argument("--exchange-root", default=DEFAULT_ROOT, help="exchange root (default: %(default)s)")
    init.add_argument("--course-dir", default="",
                      help="the instructor's nbgrader course directory (its gradebook.db gives due "
                           "dates); created with a minimal nbgrader_config.py if missing")
    init.add_argument("--students-group", default="",
                      help="only members of this Unix group may use the service (default: any local user)")
    init.add_argument("--config-dir", default="/etc/jupyter",
                      help="where to merge nbgrader_config.json for all users (default: %(default)s; "
                           "'' prints the lines instead)")
    init.add_argument("--systemd", choices=("auto", "yes", "no"), default="auto",
                      help="install and start a systemd unit (default: auto, if systemd runs)")
    init.add_argument("--python", default=sys.executable,
                      help="interpreter the service runs with (default: this one)")
    init.set_defaults(run=_cmd_init, func=_cmd_init)

    serve = sub.add_parser("serve", help="run the submission service in the foreground (as the owner)",
                           description="Run a course's submission service in the foreground; "
                                       "normally systemd does this.")
    serve.add_argument("--config", required=True, help="<root>/<course>/service.json")
    serve.set_defaults(run=_cmd_serve, func=_cmd_serve)

    status = sub.add_parser("status", help="check that the service answers you",
                            description="Ask the course's service who you are and what is released.")
    status.add_argument("course_id")
    status.add_argument("--exchange-root", default=DEFAULT_ROOT, help="exchange root (default: %(default)s)")
    status.add_argument("--owner", default="", help="expected course owner (default: owner of the course dir)")
    status.set_defaults(run=_cmd_status, func=_cmd_status)
    return course


def main(argv=None):
    parser = argparse.ArgumentParser(prog="autograder")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
