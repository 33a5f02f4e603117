"""Rendering results as text: once for the student (feedback), once for the instructor.

The student's text never contains ``detail`` (hidden inputs, expected values, check tracebacks).
"""
from __future__ import annotations

import textwrap

from autograder.checking.results import CellResult


def _fmt(x: float) -> str:
    return f"{x:g}"


def _indent(text: str, prefix: str = "        ") -> str:
    return textwrap.indent(text.strip(), prefix)


def cell_report(result: CellResult, *, instructor: bool = False, isolation: str = "") -> str:
    header = f"{result.grade_id}: {_fmt(result.points)} / {_fmt(result.max_points)} points"
    lines = [header, f"seed {result.seed} (re-grading draws the same hidden inputs)"]
    if result.problem:
        lines.append(f"Not graded: {result.problem}")
    for check in result.checks:
        mark = "PASS" if check.passed else ("ERROR" if check.error else "FAIL")
        lines.append(f"  {mark:5} {check.name} ({_fmt(check.points)}/{_fmt(check.max_points)})"
                     + (f" - {check.doc}" if check.doc else ""))
        if not check.passed and check.message:
            lines.append(_indent(check.message))
        if instructor and check.detail:
            lines.append(_indent("[instructor] " + check.detail, "          "))
    if isolation:
        lines.append(isolation)
    lines.append("Hidden checks decide this grade; their inputs and expected values are not shown.")
    return "\n".join(lines) + "\n"


def summary_table(results: list[CellResult]) -> str:
    width = max((len(r.grade_id) for r in results), default=10)
    rows = [f"{'test cell':{width}}  points  failed checks"]
    for r in results:
        failed = [c.name + (f" ({c.mistake['id']})" if c.mistake else "") for c in r.checks if not c.passed]
        note = r.problem or ", ".join(failed) or "-"
        rows.append(f"{r.grade_id:{width}}  {_fmt(r.points):>3}/{_fmt(r.max_points):<3} {note}")
    total = sum(r.points for r in results)
    total_max = sum(r.max_points for r in results)
    rows.append(f"{'total':{width}}  {_fmt(total):>3}/{_fmt(total_max):<3}")
    return "\n".join(rows)


SUMMARY_CELL_ID = "autograder-summary"


def add_summary(nb, results: list[CellResult], isolation: str) -> None:
    """Put a short summary of the autograded cells at the top of the notebook (feedback opens with it).

    Replaces an earlier summary, so grading twice gives the same notebook.
    """
    import nbformat

    nb.cells = [c for c in nb.cells if c.get("id") != SUMMARY_CELL_ID]
    lines = ["## Autograder summary", "", "| test cell | points | result |", "|---|---|---|"]
    for r in results:
        failed = [c for c in r.checks if not c.passed]
        why = r.problem or ("; ".join(f"{c.name}: {c.message.splitlines()[0]}" for c in failed[:2]) if failed else "all checks passed")
        lines.append(f"| {r.grade_id} | {_fmt(r.points)} / {_fmt(r.max_points)} | {why.replace('|', '/')} |")
    total = sum(r.points for r in results)
    lines += ["", f"Autograded total: {_fmt(total)} / {_fmt(sum(r.max_points for r in results))}. "
              "Each test cell below has the full report. Hidden checks decide the grade.", "", f"*{isolation}*"]
    cell = nbformat.v4.new_markdown_cell("\n".join(lines))
    cell.id = SUMMARY_CELL_ID
    nb.cells.insert(0, cell)
