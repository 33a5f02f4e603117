"""Helpers shared by the exchange tests: tiny nbgrader notebooks and running nbgrader commands."""

import os
import subprocess
import sys

import nbformat

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE_PACKAGES = next(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(os.path.join(p, "nbgrader")))
COURSE = "mml"
ASSIGNMENT = "ps1"


def source_notebook():
    """One solution cell and one test cell: the smallest notebook nbgrader grades."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    sol = nbformat.v4.new_code_cell(
        "def add(a, b):\n    \"\"\"Return a + b.\"\"\"\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION")
    sol.metadata["nbgrader"] = {"grade": False, "grade_id": "add", "locked": False,
                                "schema_version": 3, "solution": True, "task": False}
    test = nbformat.v4.new_code_cell("assert add(1, 2) == 3, 'add(1, 2) should be 3'")
    test.metadata["nbgrader"] = {"grade": True, "grade_id": "test_add", "locked": True, "points": 1,
                                 "schema_version": 3, "solution": False, "task": False}
    nb.cells = [sol, test]
    return nbformat.writes(nb)


def answer(released_text, marker):
    """The released notebook with the student's answer (and a marker naming the version)."""
    return released_text.replace("raise NotImplementedError()", f"return a + b  # {marker}")


def nbgrader_env(home, config_dir, python_path=REPO):
    """A clean environment: own HOME and Jupyter dirs, our config dir, this repo importable."""
    return {
        "HOME": home, "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "LANG": "C.UTF-8", "PYTHONPATH": python_path, "JUPYTER_CONFIG_DIR": os.path.join(home, ".jupyter"),
        "JUPYTER_CONFIG_PATH": config_dir, "JUPYTER_DATA_DIR": os.path.join(home, ".local/share/jupyter"),
        "JUPYTER_RUNTIME_DIR": os.path.join(home, ".runtime"), "PYTHONDONTWRITEBYTECODE": "1",
    }


def run(cmd, cwd, env, prefix=(), timeout=180, check=True):
    """Run a command (optionally as another user via ``prefix``); return CompletedProcess."""
    proc = subprocess.run(list(prefix) + list(cmd), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc
