"""``autograder secret``: create the course secret file that seeds per-student hidden inputs."""
from __future__ import annotations

from autograder.checking.seeding import create_secret_file


def register(subparsers):
    p = subparsers.add_parser("secret", help="create .autograder-secret in the course root if it is missing")
    p.set_defaults(run=run)


def run(args) -> int:
    path = create_secret_file(args.root)
    print(f"course secret: {path} (keep it out of git; back it up: re-grades need the same secret)")
    return 0
