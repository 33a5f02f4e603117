"""``autograder doctor``: which isolation features this machine offers and which are in force."""
from __future__ import annotations

from autograder import settings
from autograder.isolation import levels


def register(subparsers):
    p = subparsers.add_parser("doctor", help="print the isolation features available and in force")
    p.set_defaults(run=run)


def run(args) -> int:
    available = levels.probe("auto")
    print("available:", available.describe())
    for name, ok in available.features.items():
        print(f"  [{'x' if ok else ' '}] {name}")
    config = settings.load_nbgrader_config(args.root)
    try:
        in_force = settings.make_settings(args.root, config, secret="doctor").isolation
        print("in force: ", in_force.describe())
    except Exception as exc:  # doctor reports, it does not fail on configuration
        print("in force:  none -", exc)
    return 0
