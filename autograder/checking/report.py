"""Rendering results as text: once for the student (feedback), once for the instructor.

What a student reads (the test cell's report and the summary cell at the top of the notebook,
both of which nbgrader's ``generate_feedback`` turns into the feedback HTML) is built from
``CheckResult.message`` and ``doc`` only, never from ``detail`` (hidden inputs, expected values,
check tracebacks). Two more rules hold for everything a student reads:

- numbers are *presented* at two significant digits when they carry four or more (``_soften``):
  "how far off" stays readable and cannot spell out a reference value (when an answer is off by a
  factor, the absolute difference *is* a multiple of the expected value), and a student's own
  exception message cannot echo a hidden input at full precision;
- the summary cell is HTML with every piece of text escaped: an exception message chosen by a
  student is shown as text, never run as markup in the formgrader or the feedback page.

The instructor's rendering (``instructor=True``) keeps every message verbatim and adds ``detail``.
"""
from __future__ import annotations

import html
import re
import textwrap

from autograder.checking.results import CellResult, CheckResult

HIDDEN_NOTE = "Hidden checks decide this grade; their inputs and expected values are not shown."


def _fmt(x: float) -> str:
    return f"{x:g}"


def _indent(text: str, prefix: str = "        ") -> str:
    return textwrap.indent(text.strip(), prefix)


# ----------------------------------------------------------------------------- student-safe text
_NUMBER = re.compile(r"(?<![\w.])([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)(?![\w.]*\w)")
def _significant_digits(token: str) -> int:
    mantissa = re.split(r"[eE]", token)[0].lstrip("+-").replace(".", "")
    return len(mantissa.lstrip("0"))


def _soften(text: str) -> str:
    """Numbers with a decimal point or exponent and 4+ significant digits, at 2 significant digits.

    Integers (counts, indices, shapes, seeds) are left alone; so are short numbers (h = 0.08,
    tol=1e-8, order 1.07) that checks state on purpose.
    """
    def shorten(match: re.Match) -> str:
        token = match.group(1)
        if not re.search(r"[.eE]", token):
            return token
        try:
            value = float(token)
        except ValueError:
            return token
        if _significant_digits(token) < 4:
            return token
        return f"{value:.2g}"

    return _NUMBER.sub(shorten, text)


# numpy.testing.assert_allclose's report, as expect.py passes it on, turned into sentences
_TOLERANCE = re.compile(r"^Not equal to tolerance rtol=(?P<rtol>\S+), atol=(?P<atol>\S+)$")
_MISMATCHED = re.compile(r"^Mismatched elements: (?P<bad>\d+) / (?P<total>\d+) \((?P<pct>[^)]*)\)$")
_MAX_ABS = re.compile(r"^Max absolute difference(?: among violations)?: (?P<value>\S+)$")
_MAX_REL = re.compile(r"^Max relative difference(?: among violations)?: (?P<value>\S+)$")


def _short(token: str) -> str:
    try:
        value = float(token)
    except ValueError:
        return token
    if value == float("inf"):
        return "inf"
    return f"{value:.2g}"


def _relative(token: str) -> str:
    try:
        value = float(token)
    except ValueError:
        return token
    if 0.1 <= value < 10:
        return f"{value * 100:.0f}%"
    if 0.01 <= value < 0.1:
        return f"{value * 100:.2g}%"
    return _short(token)


_DECIMAL = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+[eE][-+]?\d+)(?:[eE][-+]?\d+)?(?![\w.]*\w)")
STUDENT_TEXT_RUNGS = ("raised", "warning")  # the message quotes the student's own exception or warning text


def student_message(message: str, rung: str = "") -> str:
    """A check's message as a student reads it: tolerance and distance in words, numbers short.

    When the message quotes the student's own exception or warning (``rung`` raised/warning), that
    text was written by the student's code while it held the hidden inputs: its decimal numbers
    are replaced by "…" (integers such as shapes and indices stay).
    """
    if rung in STUDENT_TEXT_RUNGS:
        message = _DECIMAL.sub("…", message)
    lines, far, share, tolerance = [], None, None, None
    for line in message.strip("\n").splitlines():
        text = line.strip()
        if m := _TOLERANCE.match(text):
            tolerance = (f"Tolerance: |yours - expected| <= {_short(m['atol'])} + {_short(m['rtol'])} * |expected| "
                         "for every entry.")
            lines.append(("tolerance", tolerance))
        elif m := _MISMATCHED.match(text):
            if m["total"] != "1":
                share = f"{m['bad']} of {m['total']} entries outside the tolerance"
            lines.append(("far", None))
        elif m := _MAX_ABS.match(text):
            far = f"largest difference {_short(m['value'])}"
        elif m := _MAX_REL.match(text):
            far = (far or "") + f" (relative {_relative(m['value'])})"
        elif text.startswith("Mismatch at ind") and text.endswith(":"):
            continue  # numpy's header for per-element values, which expect.py already dropped
        else:
            lines.append(("text", line))
    out = []
    for kind, text in lines:
        if kind == "far":
            parts = [p for p in (far, share) if p]
            if parts:
                out.append("How far off: " + "; ".join(parts) + ".")
            far = share = None
        else:
            out.append(text)
    if far or share:  # numpy printed no "Mismatched elements" line (scalars)
        out.append("How far off: " + "; ".join(p for p in (far, share) if p) + ".")
    return _soften("\n".join(out))


def one_line_why(check: CheckResult) -> str:
    """Why a check failed, in one line: the ladder's first sentence, then the likely cause when a
    registered mistake matched, otherwise how far off the answer was."""
    if check.error:
        return "the autograder's check itself failed; the instructor has been told (not your fault)."
    lines = [l.strip() for l in student_message(check.message, check.rung).splitlines() if l.strip()]
    if not lines:
        return "failed."
    parts = [lines[0]]
    if check.mistake:
        parts.append("Likely cause: " + _soften(" ".join(check.mistake.get("explanation", "").split())))
    else:
        parts += [l for l in lines if l.startswith("How far off:")][:1]
    return " ".join(parts)


# ----------------------------------------------------------------------------- the test cell's report
WIDTH = 100  # the feedback page shows a test cell's output as preformatted text: wrap, don't scroll


def _wrapped(text: str, indent: str, hanging: str = "") -> list[str]:
    lines = []
    for line in text.strip("\n").splitlines():
        lines += textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent + hanging,
                               break_long_words=False, break_on_hyphens=False) or [indent]
    return lines


def cell_report(result: CellResult, *, instructor: bool = False, isolation: str = "") -> str:
    """The report printed in a test cell's output (student) or by ``autograder check`` (instructor)."""
    header = f"{result.grade_id}: {_fmt(result.points)} / {_fmt(result.max_points)} points"
    passed = sum(1 for c in result.checks if c.passed)
    if result.checks:
        header += f" ({passed} of {len(result.checks)} checks passed)"
    lines = [header, f"seed {result.seed} (re-grading draws the same hidden inputs)"]
    if result.problem:
        lines += _wrapped(f"Not graded: {result.problem}", "", "  ")
    for check in result.checks:
        mark = "PASS" if check.passed else ("ERROR" if check.error else "FAIL")
        lines += _wrapped(f"{mark:5} {check.name} ({_fmt(check.points)}/{_fmt(check.max_points)})"
                          + (f" - {check.doc}" if check.doc else ""), "  ", "      ")
        if not check.passed and check.message:
            lines += _wrapped(check.message if instructor else student_message(check.message, check.rung), " " * 8, "  ")
        if instructor and check.mistake:
            lines.append(f"          [instructor] registered mistake: {check.mistake.get('id')}")
        if instructor and check.detail:
            lines.append(_indent("[instructor] " + check.detail, "          "))
    if isolation:
        lines += _wrapped(isolation, "", "  ")
    lines.append(HIDDEN_NOTE)
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


# ----------------------------------------------------------------------------- the summary cell
SUMMARY_CELL_ID = "autograder-summary"
_CELL = 'style="padding:3px 10px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top"'
_NUM = 'style="padding:3px 10px;border-bottom:1px solid #ddd;text-align:right;vertical-align:top;white-space:nowrap"'
_CODE = 'style="color:inherit;background:#f3f3f3;padding:0 3px"'


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _manual_cells(nb) -> list[tuple[str, float]]:
    found = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if meta.get("grade") and meta.get("solution"):
            found.append((meta.get("grade_id", "?"), float(meta.get("points", 0) or 0)))
    return found


def summary_html(results: list[CellResult], isolation: str, manual: list[tuple[str, float]] = ()) -> str:
    """The summary as an HTML fragment (every text escaped): points per exercise, what passed,
    what failed and why in one line each."""
    total = sum(r.points for r in results)
    total_max = sum(r.max_points for r in results)
    out = [f"<h2>Autograder summary: {_e(_fmt(total))} / {_e(_fmt(total_max))} autograded points</h2>",
           '<table class="table table-condensed" style="border-collapse:collapse;margin:0.5em 0">',
           f"<thead><tr><th {_CELL}>exercise</th><th {_NUM}>points</th><th {_CELL}>result</th></tr></thead><tbody>"]
    failures = []
    for r in results:
        exercise = r.grade_id.removeprefix("test_")
        failed = [c for c in r.checks if not c.passed]
        if r.problem:
            result = "not graded: " + _soften(r.problem)
        elif not r.checks:
            result = "no checks ran"
        elif not failed:
            result = f"passed: all {len(r.checks)} checks"
        else:
            result = (f"failed {len(failed)} of {len(r.checks)} checks: " + ", ".join(c.name for c in failed))
        out.append(f"<tr><td {_CELL}><code {_CODE}>{_e(exercise)}</code></td>"
                   f"<td {_NUM}>{_e(_fmt(r.points))} / {_e(_fmt(r.max_points))}</td><td {_CELL}>{_e(result)}</td></tr>")
        failures += [(exercise, c) for c in failed]
    for grade_id, points in manual:
        out.append(f"<tr><td {_CELL}><code {_CODE}>{_e(grade_id)}</code></td><td {_NUM}>- / {_e(_fmt(points))}</td>"
                   f"<td {_CELL}>graded by the instructor (plot or written answer)</td></tr>")
    out.append("</tbody></table>")
    if failures:
        out.append("<p><strong>What failed, and why</strong> (the exercise's test cell below has the full report):</p><ul>")
        for exercise, check in failures:
            out.append(f"<li><code {_CODE}>{_e(exercise)}</code> &middot; <code {_CODE}>{_e(check.name)}</code> "
                       f"({_e(_fmt(check.points))} / {_e(_fmt(check.max_points))}): {_e(one_line_why(check))}</li>")
        out.append("</ul>")
    partly = [(r.grade_id.removeprefix("test_"), [c.name for c in r.checks if c.passed]) for r in results
              if any(not c.passed for c in r.checks)]
    partly_text = "; ".join(f"{ex}: {', '.join(names)}" for ex, names in partly if names)
    if partly_text:
        out.append(f"<p><strong>What passed</strong> in those exercises: {_e(partly_text)}.</p>")
    out.append(f"<p>Each test cell's report gives its seed (re-grading draws the same hidden inputs). "
               f"{_e(HIDDEN_NOTE.replace('this grade', 'the grade'))}</p>")
    if isolation:
        out.append(f"<p><em>{_e(isolation)}</em></p>")
    return "\n".join(out)


def add_summary(nb, results: list[CellResult], isolation: str) -> None:
    """Put a short summary of the autograded cells at the top of the notebook (feedback opens with it).

    Replaces an earlier summary, so grading twice gives the same notebook. The cell is markdown
    holding escaped HTML (nbgrader's feedback page has no table style for markdown tables).
    """
    import nbformat

    nb.cells = [c for c in nb.cells if c.get("id") != SUMMARY_CELL_ID]
    cell = nbformat.v4.new_markdown_cell(summary_html(results, isolation, _manual_cells(nb)))
    cell.id = SUMMARY_CELL_ID
    nb.cells.insert(0, cell)
