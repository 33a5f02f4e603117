"""The ``autograder`` command. Each subcommand lives in its own module with ``register(subparsers)``."""
from __future__ import annotations

import argparse
import importlib
import sys

from autograder.checking.failures import CheckConfigurationError
from autograder.checking.seeding import MissingSecret

COMMAND_MODULES = [
    "autograder.commands.check",
    "autograder.commands.audit",
    "autograder.commands.doctor",
    "autograder.commands.secret",
    "autograder.commands.demo",
    "autograder.commands.grade",  # issue 5: grade a whole class in parallel (autograder/grading/)
    "autograder.commands.report",  # issue 6: the instructor's class report (autograder/reporting/)
    "autograder.commands.export",  # issue 6: per-question and Canvas CSV exports (autograder/reporting/)
    "autograder.exchange.cli",  # issue 8: autograder course init/serve/status (the secure exchange)
]


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="autograder", description="Grade the course's nbgrader assignments with "
                                  "hidden checks that run outside student code.")
    top.add_argument("--root", default=".", help="course root (the directory with nbgrader_config.py); default: .")
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CheckConfigurationError, MissingSecret) as exc:
        print(f"autograder: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
