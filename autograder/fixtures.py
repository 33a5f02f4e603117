"""Fixture submissions: small files that turn the full solution notebook into one submission.

    tests/submissions/<assignment>/<function>-<pass|fail>-<slug>.py

A fixture replaces solution cells (by grade_id) or adds cells, in the "percent" cell format:

    # expect: test_central_difference=1.5
    # expect-mistake: test_central_difference=forward_formula
    # %% central_difference
    def central_difference(f, x, h=1e-5):
        ...
    # %% new after setup
    import numpy as np; np.testing.assert_allclose = lambda *a, **k: None

The file name states the outcome (``pass``: every test cell full marks; ``fail``: at least one
cell loses points); the header pins exact scores (cells not named score full marks) and the
registered mistakes the feedback must name. ``reference_notebook`` and ``stub_notebook`` build the
other two submissions the audit grades.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path

import nbformat

from autograder.checking.course import Course, nbgrader_meta, autograded_cells

NAME = re.compile(r"^(?P<target>[a-z0-9_]+)-(?P<outcome>pass|fail)-(?P<slug>[a-z0-9_-]+)\.py$")
SECTION = re.compile(r"^# %% (?:(?P<new>new after) )?(?P<grade_id>[A-Za-z0-9_]+)\s*$")


@dataclasses.dataclass
class Fixture:
    path: Path
    target: str
    outcome: str
    scores: dict  # grade_id -> expected points (cells not listed: full marks)
    mistakes: dict  # grade_id -> mistake id the feedback must name
    replacements: list  # (grade_id, is_new, source)

    @property
    def name(self) -> str:
        return self.path.stem


def parse(path: Path) -> Fixture:
    match = NAME.match(path.name)
    if not match:
        raise ValueError(f"{path}: fixture names are <function>-<pass|fail>-<slug>.py")
    scores, mistakes, sections = {}, {}, []
    current = None
    for line in path.read_text().splitlines():
        section = SECTION.match(line)
        if section:
            current = [section["grade_id"], bool(section["new"]), []]
            sections.append(current)
        elif current is not None:
            current[2].append(line)
        elif line.startswith("# expect:"):
            for item in line.split(":", 1)[1].split(","):
                key, value = item.strip().split("=")
                scores[key.strip()] = float(value)
        elif line.startswith("# expect-mistake:"):
            for item in line.split(":", 1)[1].split(","):
                key, value = item.strip().split("=")
                mistakes[key.strip()] = value.strip()
    replacements = [(g, new, "\n".join(lines).strip("\n")) for g, new, lines in sections]
    return Fixture(path, match["target"], match["outcome"], scores, mistakes, replacements)


def discover(directory: Path) -> list[Fixture]:
    return [parse(p) for p in sorted(Path(directory).glob("*.py"))]


def solution_notebook(course: Course, assignment: str):
    """The source notebook as a complete, correct submission (solutions in place, markers removed)."""
    nb = course.source_notebook(assignment)
    for cell in nb.cells:
        cell.source = "\n".join(l for l in cell.source.splitlines() if "### BEGIN SOLUTION" not in l
                                and "### END SOLUTION" not in l)
    return nb


def build(fixture: Fixture, course: Course, assignment: str):
    return apply(fixture, solution_notebook(course, assignment))


def apply(fixture: Fixture, nb):
    """The fixture's cell replacements and insertions applied to a complete notebook."""
    for grade_id, is_new, source in fixture.replacements:
        index = next((i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == grade_id), None)
        if index is None:
            raise ValueError(f"{fixture.path}: the notebook has no cell with grade_id {grade_id!r}")
        if is_new:
            nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
        else:
            nb.cells[index].source = source
    return nb


def reference_notebook(course: Course, assignment: str):
    """The reference module as one code cell, followed by the source notebook's test cells."""
    source_nb = course.source_notebook(assignment)
    nb = nbformat.v4.new_notebook(metadata=copy.deepcopy(source_nb.metadata))
    nb.cells = [nbformat.v4.new_code_cell(course.reference_path(assignment).read_text())]
    nb.cells += [copy.deepcopy(c) for c in autograded_cells(source_nb).values()]
    return nb


def stub_notebook(course: Course, assignment: str):
    """The notebook a student receives, as nbgrader's generate_assignment would release it."""
    from nbgrader.preprocessors import ClearSolutions

    nb = course.source_notebook(assignment)
    nb, _ = ClearSolutions().preprocess(nb, {})
    return nb
