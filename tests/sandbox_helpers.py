"""What tests/test_sandbox.py and tests/test_checks_fork.py share: the level in force, one-cell runs."""
import os

import pytest

from autograder.isolation import levels
from autograder.isolation.limits import Limits
from autograder.isolation.notebook import SandboxedNotebook

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BWRAP = levels.probe().level == "bwrap"
needs_bwrap = pytest.mark.skipif(not BWRAP, reason=f"bubblewrap isolation unavailable: {levels.probe().reason}")


def run(source: str, limits: Limits | None = None) -> dict:
    with SandboxedNotebook(limits or Limits(cell_seconds=10)) as sandbox:
        return sandbox.exec_cell("c", source)


def printed(answer: dict) -> str:
    return "".join(o.get("text", "") for o in answer["outputs"] if o["output_type"] == "stream")


# a student cell finds the runner's private protocol stream ("out") and writes frames to it
PROTO = ("import gc, io\nout = next(o for o in gc.get_objects() if isinstance(o, io.FileIO) and not o.closed "
         "and o.mode == 'wb' and o.fileno() > 2)\n")


def frame(text: str) -> str:
    """Source that writes ``text`` to ``out`` as one protocol frame."""
    return f"out.write(len({text!r}.encode()).to_bytes(4, 'big') + {text!r}.encode())\n"
