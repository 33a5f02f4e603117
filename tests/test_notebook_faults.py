"""Faults in the notebook file: each is graded correctly (tests come from the source) or ungradable with a
reason, never a crash. ``FORMAT_CASES`` builds each fault's raw files from a correct submission; these fast
tests check the reading rules (``autograder.submissions``), and ``tests/test_corpus.py`` grades every case
through the real ``nbgrader autograde`` in one batch.
"""
import copy
import json

import nbformat
import pytest

from autograder import fixtures, submissions
from autograder.checking.course import autograded_cells, nbgrader_meta

pytestmark = pytest.mark.filterwarnings("ignore:Non-unique cell id")  # the duplicated test cell, on purpose
ASSIGNMENT = "vector_calculus"
NAME = f"{ASSIGNMENT}.ipynb"


def _bytes(nb) -> bytes:
    return nbformat.writes(nb).encode()


def _index(nb, grade_id) -> int:
    return next(i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == grade_id)


def invalid_json(nb):
    raw = _bytes(nb)
    return {NAME: raw[: len(raw) // 2]}


def empty_file(nb):
    return {NAME: b""}


def json_but_not_a_notebook(nb):
    return {NAME: json.dumps({"cells": "none", "answer": 42}).encode()}


def stray_non_utf8_byte(nb):
    raw = _bytes(nb)
    at = raw.index(b"Vector Calculus")  # inside the title's markdown
    return {NAME: raw[:at] + b"\xff" + raw[at:]}


def byte_order_mark(nb):
    return {NAME: b"\xef\xbb\xbf" + _bytes(nb)}


def nbformat_3(nb):
    return {NAME: nbformat.writes(nbformat.convert(nb, 3)).encode()}


def renamed(nb):
    return {f"{ASSIGNMENT} (1).ipynb": _bytes(nb)}


def second_notebook(nb):
    stub = copy.deepcopy(nb)
    for cell in stub.cells:
        if nbgrader_meta(cell).get("solution") and cell.cell_type == "code":
            cell.source = "raise NotImplementedError()"
    return {NAME: _bytes(nb), "scratch.ipynb": _bytes(stub)}


def several_candidates(nb):
    return {f"{ASSIGNMENT} (1).ipynb": _bytes(nb), f"{ASSIGNMENT}-Copy1.ipynb": _bytes(nb)}


def deleted_test_cell(nb):
    del nb.cells[_index(nb, "test_gaussian")]
    return {NAME: _bytes(nb)}


def duplicated_test_cell(nb):
    at = _index(nb, "test_monkey_saddle")
    nb.cells.insert(at, copy.deepcopy(nb.cells[at]))
    return {NAME: _bytes(nb)}


def duplicated_solution_cell(nb):
    at = _index(nb, "gaussian")
    first = copy.deepcopy(nb.cells[at])
    first.source = "def gaussian(x):\n    raise NotImplementedError()  # a first attempt, replaced below"
    nb.cells.insert(at, first)
    return {NAME: _bytes(nb)}


def moved_test_cell(nb):
    cell = nb.cells.pop(_index(nb, "test_central_difference"))
    nb.cells.insert(_index(nb, "central_difference"), cell)  # above the function it tests
    return {NAME: _bytes(nb)}


def edited_test_grade_id(nb):
    nb.cells[_index(nb, "test_gaussian")].metadata.nbgrader["grade_id"] = "test_gaussian_mine"
    return {NAME: _bytes(nb)}


def edited_solution_grade_id(nb):
    nb.cells[_index(nb, "gaussian")].metadata.nbgrader["grade_id"] = "my_gaussian"
    return {NAME: _bytes(nb)}


def inflated_points(nb):
    for grade_id in ("test_gaussian", "gradient_field_plot"):
        nb.cells[_index(nb, grade_id)].metadata.nbgrader["points"] = 100
    return {NAME: _bytes(nb)}


def solution_turned_into_markdown(nb):
    at = _index(nb, "gaussian")
    old = nb.cells[at]
    nb.cells[at] = nbformat.v4.new_markdown_cell(old.source, metadata=copy.deepcopy(old.metadata))
    return {NAME: _bytes(nb)}


def changed_kernelspec(nb):
    nb.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
    nb.metadata["language_info"] = {"name": "R"}
    return {NAME: _bytes(nb)}


def prefilled_fake_outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "3.0"}, execution_count=1),
                            nbformat.v4.new_output("stream", name="stdout", text="All tests passed. Score: 100%\n")]
    return {NAME: _bytes(nb)}


# name -> (builder, ("graded", note the notebook must carry) or ("ungradable", words of the reason))
FORMAT_CASES = {
    "invalid_json": (invalid_json, ("ungradable", "is not valid JSON")),
    "empty_file": (empty_file, ("ungradable", "is empty")),
    "json_but_not_a_notebook": (json_but_not_a_notebook, ("ungradable", "not a Jupyter notebook")),
    "stray_non_utf8_byte": (stray_non_utf8_byte, ("graded", "not UTF-8")),
    "byte_order_mark": (byte_order_mark, ("graded", "byte-order mark")),
    "nbformat_3": (nbformat_3, ("graded", "nbformat 3")),
    "renamed": (renamed, ("graded", "submitted as 'vector_calculus (1).ipynb'")),
    "second_notebook": (second_notebook, ("graded", "scratch.ipynb is not part of the assignment")),
    "several_candidates": (several_candidates, ("ungradable", "several notebooks could be it")),
    "deleted_test_cell": (deleted_test_cell, ("graded", "")),
    "duplicated_test_cell": (duplicated_test_cell, ("graded", "")),
    "duplicated_solution_cell": (duplicated_solution_cell, ("graded", "")),
    "moved_test_cell": (moved_test_cell, ("graded", "")),
    "edited_test_grade_id": (edited_test_grade_id, ("graded", "")),
    "edited_solution_grade_id": (edited_solution_grade_id, ("graded", "")),
    "inflated_points": (inflated_points, ("graded", "")),
    "solution_turned_into_markdown": (solution_turned_into_markdown, ("graded", "")),
    "changed_kernelspec": (changed_kernelspec, ("graded", "")),
    "prefilled_fake_outputs": (prefilled_fake_outputs, ("graded", "")),
}


@pytest.fixture(scope="module")
def solved(course):
    return fixtures.solution_notebook(course, ASSIGNMENT)


@pytest.mark.parametrize("case", sorted(FORMAT_CASES))
def test_each_fault_is_read_or_refused_with_a_reason(case, tmp_path, solved):
    build, (outcome, words) = FORMAT_CASES[case]
    for name, data in build(copy.deepcopy(solved)).items():
        (tmp_path / name).write_bytes(data)
    if outcome == "ungradable":
        with pytest.raises(submissions.Ungradable, match=words):
            submissions.open_submission(tmp_path, ASSIGNMENT, (ASSIGNMENT,))
        return
    submission = submissions.open_submission(tmp_path, ASSIGNMENT, (ASSIGNMENT,))
    assert not words or any(words in note for note in submission.notes), submission.notes
    assert submission.notebook.nbformat == 4


@pytest.mark.parametrize("case", [c for c, (_, (outcome, _)) in sorted(FORMAT_CASES.items()) if outcome == "graded"])
def test_graded_structure_comes_from_the_source(case, tmp_path, solved, course):
    """After normalize_cells the test cells are the source's, each after the cell it grades, with its points,
    and every solution cell has the source's cell type."""
    build, _ = FORMAT_CASES[case]
    for name, data in build(copy.deepcopy(solved)).items():
        (tmp_path / name).write_bytes(data)
    nb = submissions.open_submission(tmp_path, ASSIGNMENT, (ASSIGNMENT,)).notebook
    source = course.source_notebook(ASSIGNMENT)
    submissions.normalize_cells(nb, source)
    tests = autograded_cells(source)
    got = [(nbgrader_meta(c)["grade_id"], c.cell_type, nbgrader_meta(c).get("points")) for c in nb.cells
           if nbgrader_meta(c).get("grade_id") in tests]
    assert got == [(g, "code", nbgrader_meta(c)["points"]) for g, c in tests.items()]
    ids = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
    for grade_id in tests:
        solution = grade_id.removeprefix("test_")
        if solution in ids:
            assert ids.index(solution) < ids.index(grade_id), f"{grade_id} stands before {solution}"
    kinds = {nbgrader_meta(c).get("grade_id"): c.cell_type for c in nb.cells}
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and meta["grade_id"] in kinds:
            assert kinds[meta["grade_id"]] == cell.cell_type
    assert submissions.normalize_cells(nb, source) == []  # a second pass changes nothing


def test_a_missing_notebook_names_what_the_folder_holds(tmp_path):
    (tmp_path / "notes.txt").write_text("I could not finish")
    with pytest.raises(submissions.Ungradable, match=r"vector_calculus.ipynb is missing .*notes.txt"):
        submissions.open_submission(tmp_path, ASSIGNMENT)


def test_the_other_notebooks_of_the_assignment_are_not_taken_for_a_renamed_one(tmp_path, solved):
    (tmp_path / "part2.ipynb").write_bytes(_bytes(solved))
    with pytest.raises(submissions.Ungradable, match="missing"):
        submissions.open_submission(tmp_path, ASSIGNMENT, (ASSIGNMENT, "part2"))


def test_a_students_own_autograder_metadata_is_dropped(tmp_path, solved):
    nb = copy.deepcopy(solved)
    nb.metadata["autograder"] = {"ungradable": "pretend", "points": 100}
    (tmp_path / NAME).write_bytes(_bytes(nb))
    assert "autograder" not in submissions.open_submission(tmp_path, ASSIGNMENT).notebook.metadata


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_NOTEBOOK_BYTES", 1000)
    (tmp_path / NAME).write_bytes(b"{" + b" " * 2000 + b"}")
    with pytest.raises(submissions.Ungradable, match="over the limit"):
        submissions.open_submission(tmp_path, ASSIGNMENT)
