"""Where an assignment's pieces live, found by one name.

    assignments/<A>/<A>.ipynb                 the nbgrader source notebook (test cells, points)
    reference/<A>.py                          the reference solutions
    autograder/checks/<A>/test_<name>.py      the hidden checks of exercise <name>
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import nbformat

from autograder.checking.failures import CheckConfigurationError

CHECKS_DIR = Path(__file__).resolve().parents[1] / "checks"


class Course:
    def __init__(self, root: str | Path = ".", source_directory: str = "assignments"):
        self.root = Path(root).resolve()
        self.source_directory = source_directory

    def source_notebook_path(self, assignment: str, notebook: str | None = None) -> Path:
        return self.root / self.source_directory / assignment / f"{notebook or assignment}.ipynb"

    def source_notebook(self, assignment: str, notebook: str | None = None):
        path = self.source_notebook_path(assignment, notebook)
        if not path.exists():
            raise CheckConfigurationError(f"no source notebook for {assignment}: {path} does not exist")
        return nbformat.read(str(path), as_version=4)

    def check_path(self, assignment: str, grade_id: str) -> Path:
        return CHECKS_DIR / assignment / f"{grade_id}.py"

    def reference_path(self, assignment: str) -> Path:
        return self.root / "reference" / f"{assignment}.py"

    def reference(self, assignment: str):
        return _load_reference(str(self.reference_path(assignment)), assignment)

    def assignments(self) -> list[str]:
        base = self.root / self.source_directory
        return sorted(p.name for p in base.iterdir() if (p / f"{p.name}.ipynb").exists()) if base.exists() else []


@functools.lru_cache(maxsize=None)
def _load_reference(path: str, assignment: str):
    if not Path(path).exists():
        raise CheckConfigurationError(f"no reference solutions for {assignment}: {path} does not exist")
    spec = importlib.util.spec_from_file_location(f"reference_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test_cell(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def autograded_cells(notebook) -> dict:
    """{grade_id: cell} of the autograded test cells, in notebook order."""
    return {nbgrader_meta(c)["grade_id"]: c for c in notebook.cells if is_test_cell(c) and nbgrader_meta(c).get("grade_id")}
