"""Reading a submitted notebook, or saying exactly why it cannot be graded.

``open_submission(folder, notebook)`` returns the notebook (nbformat v4) with notes on anything it
repaired or ignored, or raises ``Ungradable`` with a one-sentence reason fit for the gradebook and
the report. It never lets a broken file stop a batch. The rules, in order:

- which file: ``<notebook>.ipynb`` if present (any other notebook in the folder is ignored, with a
  note); otherwise the one other notebook in the folder, renamed or copied by the student
  (``vector_calculus (1).ipynb``), with a note; several candidates, or none, is ungradable with the
  list of what was found;
- which bytes: an empty file, a file over ``MAX_NOTEBOOK_BYTES``, invalid JSON, JSON that is not a
  notebook, or a notebook that fails the nbformat schema is ungradable; a byte that is not UTF-8 is
  replaced by U+FFFD (the cell it is in is graded as it then reads) and a UTF-8 byte-order mark is
  dropped, each with a note; nbformat 3 is converted to 4, with a note;
- which cells: ``normalize_cells`` makes the notebook's graded structure the source's (test cells,
  their places and points, the types of solution cells, locked cells), so what a student edits in
  the file's structure can only cost them, never change what is checked or what it is worth.

``autograder.nbgrader_plugin.submission_hooks`` wires these rules into ``nbgrader autograde``;
``autograder grade`` calls them directly.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import logging
import warnings
from pathlib import Path

import nbformat

from autograder.checking.course import autograded_cells, is_test_cell, nbgrader_meta

MAX_NOTEBOOK_BYTES = 64 * 1024**2
RESTORED_NOTE = "# This test cell was missing or changed in the submission; the autograder restored it from the source.\n"
NOTES_CELL_ID = "autograder-submission-notes"
log = logging.getLogger("autograder.submissions")


class Ungradable(Exception):
    """Raised when a submission cannot be graded; ``reason`` says why, in one sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclasses.dataclass
class Submission:
    notebook: "nbformat.NotebookNode"
    path: Path  # the file that was read
    notes: list  # what was repaired or ignored, one sentence each


# ------------------------------------------------------------------------------ which file
def _notebook_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file() and not p.name.startswith("."))


def find_notebook(folder: Path, notebook: str, expected: tuple = ()) -> tuple[Path, list]:
    """The file to grade as ``<notebook>.ipynb`` and notes; ``expected``: every notebook name of the assignment."""
    folder, wanted = Path(folder), f"{notebook}.ipynb"
    present = _notebook_files(folder)
    others = [p for p in present if p.stem not in set(expected) | {notebook}]
    if (folder / wanted).is_file():
        return folder / wanted, [f"{p.name} is not part of the assignment and was not graded" for p in others]
    if len(others) == 1:
        return others[0], [f"the notebook was submitted as '{others[0].name}' and graded as '{wanted}'"]
    if not others:
        everything = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        found = f" (the folder holds: {', '.join(everything)})" if everything else " (the folder is empty)"
        raise Ungradable(f"{wanted} is missing from the submission{found}")
    raise Ungradable(f"{wanted} is missing and several notebooks could be it: {', '.join(p.name for p in others)}")


# ------------------------------------------------------------------------------ which bytes
def read_notebook(path: Path) -> tuple["nbformat.NotebookNode", list]:
    """The notebook in ``path`` as nbformat v4, and notes on what was repaired; raises Ungradable."""
    path, notes = Path(path), []
    size = path.stat().st_size
    if size == 0:
        raise Ungradable(f"{path.name} is empty (0 bytes)")
    if size > MAX_NOTEBOOK_BYTES:
        raise Ungradable(f"{path.name} is {size / 2**20:.0f} MiB, over the limit of {MAX_NOTEBOOK_BYTES / 2**20:.0f} MiB")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append(f"{path.name} started with a UTF-8 byte-order mark, which was ignored")
    if not raw.strip():
        raise Ungradable(f"{path.name} holds only white space")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", "replace")
        bad = text.count("\ufffd") - raw.decode("utf-8", "ignore").count("\ufffd")
        notes.append(f"{path.name} had {bad} byte(s) that are not UTF-8 (the first at byte {exc.start}); "
                     "they were replaced by U+FFFD")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Ungradable(f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                         "the file may be cut short or edited outside Jupyter") from None
    except (ValueError, RecursionError) as exc:
        raise Ungradable(f"{path.name} is not valid JSON ({type(exc).__name__})") from None
    if type(data) is not dict or type(data.get("nbformat")) is not int:
        raise Ungradable(f"{path.name} is JSON but not a Jupyter notebook (no nbformat version)")
    version = data["nbformat"]
    if version not in (3, 4):
        raise Ungradable(f"{path.name} uses nbformat {version}; only versions 3 and 4 can be read")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(data), as_version=4)
            nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several types for malformed notebooks
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Ungradable(f"{path.name} does not follow the notebook format: {first[:200]}") from None
    if version == 3:
        notes.append(f"{path.name} was in nbformat 3 and was converted to nbformat 4")
    return nb, notes


def open_submission(folder: Path, notebook: str, expected: tuple = ()) -> Submission:
    """The submission's notebook ``notebook`` (see the module's rules); raises Ungradable."""
    path, notes = find_notebook(folder, notebook, expected)
    nb, more = read_notebook(path)
    nb.metadata.pop("autograder", None)  # that key is ours (see SubmissionExporter); a student's is ignored
    return Submission(nb, path, notes + more)


def load_submission(folder: Path, notebook: str) -> "nbformat.NotebookNode":
    """The notebook only (see ``open_submission`` for the notes)."""
    return open_submission(folder, notebook).notebook


def add_notes_cell(nb, notes: list) -> None:
    """Put what was repaired or ignored at the top of the notebook, so the instructor and the student see it."""
    nb.cells = [c for c in nb.cells if c.get("id") != NOTES_CELL_ID]
    if notes:
        cell = nbformat.v4.new_markdown_cell("**Autograder notes on this submission**\n\n" +
                                             "\n".join(f"- {note}" for note in notes))
        cell.id = NOTES_CELL_ID
        nb.cells.insert(0, cell)


# ------------------------------------------------------------------------------ which cells
def normalize_cells(nb, source_nb) -> list[str]:
    """Make the submission's graded structure the source's; returns what was changed.

    - test cells are the source's (an edited one is replaced, a duplicate dropped, a deleted one put
      back); one that stands before the cell it grades (its *anchor*: the nearest cell with a grade_id
      above it in the source) is moved back right after that cell, where a deleted one is put back;
      one that stands anywhere after its anchor stays where the student put it;
    - a cell whose grade_id the source does not know, and every copy but the last of a duplicated
      answer cell, keeps its code but loses its nbgrader metadata (nbgrader would otherwise drop the
      grade_id, or all metadata, and refuse the whole notebook);
    - a solution cell gets the source's cell type back (code turned into markdown still runs), a
      locked cell its source.
    """
    expected = autograded_cells(source_nb)
    source_cells = {nbgrader_meta(c).get("grade_id"): c for c in source_nb.cells if nbgrader_meta(c).get("grade_id")}
    order = [nbgrader_meta(c).get("grade_id") for c in source_nb.cells]
    anchors, last = {}, None
    for grade_id in order:
        if grade_id in expected:
            anchors[grade_id] = last
        elif grade_id:
            last = grade_id
    changes, cells, seen = [], [], set()
    last_of = {nbgrader_meta(c).get("grade_id"): i for i, c in enumerate(nb.cells)}
    for index, cell in enumerate(nb.cells):
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        if grade_id in source_cells and grade_id not in expected and last_of[grade_id] != index:
            cell = copy.deepcopy(cell)  # an earlier copy of a duplicated answer cell: its code still runs
            del cell.metadata["nbgrader"]
            changes.append(f"duplicate of {grade_id} kept as an ordinary cell (the last copy is the answer)")
        elif grade_id in expected:
            if grade_id in seen:
                changes.append(f"duplicate of {grade_id} ignored")
                continue
            seen.add(grade_id)
            original = expected[grade_id]
            if cell.get("cell_type") != "code" or cell.get("source") not in (original.source, RESTORED_NOTE + original.source) \
                    or meta != nbgrader_meta(original):
                changes.append(f"{grade_id} restored from the source")
                cell = copy.deepcopy(original)
        elif meta and grade_id not in source_cells:
            cell = copy.deepcopy(cell)
            del cell.metadata["nbgrader"]
            what = f"grade_id {grade_id!r}" if grade_id else "no grade_id"
            changes.append(f"a cell with {what}, unknown to the source, kept as an ordinary cell")
        elif grade_id in source_cells:
            cell = _restore_fixed_parts(cell, source_cells[grade_id], changes)
        cells.append(cell)
    for grade_id in expected:
        cells = _place(cells, grade_id, expected[grade_id], anchors[grade_id], order, grade_id in seen, changes)
    nb.cells = cells
    return changes


def _restore_fixed_parts(cell, original, changes: list):
    meta, source_meta = nbgrader_meta(cell), nbgrader_meta(original)
    grade_id = source_meta.get("grade_id")
    if source_meta.get("solution") and cell.get("cell_type") != original.cell_type:
        cell = nbformat.v4.new_code_cell(cell.source) if original.cell_type == "code" \
            else nbformat.v4.new_markdown_cell(cell.source)
        cell.metadata = copy.deepcopy(original.metadata)
        cell.id = original.get("id") or cell.id  # a fixed id: grading twice gives the same notebook
        changes.append(f"{grade_id} was turned into a {meta.get('cell_type', 'other')} cell; it is a "
                       f"{original.cell_type} cell again")
    elif source_meta.get("locked") and not source_meta.get("solution") and \
            (cell.get("source") != original.source or cell.get("cell_type") != original.cell_type):
        cell = copy.deepcopy(original)
        changes.append(f"{grade_id} is read-only and was restored from the source")
    return cell


def _place(cells: list, grade_id: str, original, anchor: str | None, order: list, present: bool, changes: list) -> list:
    """Put test cell ``grade_id`` after its anchor if it is missing or stands before it."""
    ids = [nbgrader_meta(c).get("grade_id") for c in cells]
    at = ids.index(grade_id) if present else None
    anchor_at = ids.index(anchor) if anchor in ids else None
    if present and (anchor_at is None or at > anchor_at):
        return cells  # where the student has it, after the cell it grades
    if anchor_at is None:  # missing, and so is its anchor: after the last cell that precedes it in the source
        before = set(order[: order.index(grade_id)])
        target = max((i + 1 for i, g in enumerate(ids) if g in before), default=len(cells))
    else:
        target, rank = anchor_at + 1, order.index(grade_id)
        while target < len(cells) and ids[target] in order and order.index(ids[target]) < rank \
                and is_test_cell(cells[target]):
            target += 1  # right after the anchor and the test cells that precede this one in the source
    if present:
        cell = cells.pop(at)
        target -= 1 if at < target else 0
        changes.append(f"{grade_id} stood before the cell it grades and was moved back after it")
    else:
        cell = copy.deepcopy(original)
        cell.source = RESTORED_NOTE + original.source
        changes.append(f"{grade_id} was missing and was restored")
    cells.insert(target, cell)
    return cells
