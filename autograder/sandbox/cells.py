"""Running a notebook cell the way a Jupyter kernel would, without a kernel.

IPython syntax that has no meaning outside a kernel (line magics such as ``%matplotlib inline``,
shell escapes ``!pip ...``, a leading cell magic line) is replaced by ``pass`` so line numbers
stay true; the last expression of a cell is displayed like ``Out[n]``.
"""
from __future__ import annotations

import ast
import contextlib
import linecache
import sys
import traceback
from builtins import SyntaxError, compile, isinstance, len, str, type  # bound now (see wire.py)

CELL_PREFIX = "<cell "


def cell_filename(cell_id: str) -> str:
    return f"{CELL_PREFIX}{cell_id}>"


def strip_ipython_syntax(source: str) -> str:
    lines = source.splitlines()
    out = []
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or (number == 0 and stripped.startswith("%%")):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}pass  # IPython syntax, skipped by the autograder: {stripped[:60]}")
        else:
            out.append(line)
    return "\n".join(out)


def compile_cell(source: str, cell_id: str):
    """Return (body_code, last_expression_code_or_None) for a cell's source."""
    filename = cell_filename(cell_id)
    text = strip_ipython_syntax(source)
    linecache.cache[filename] = (len(text), None, [line + "\n" for line in text.splitlines()], filename)
    tree = ast.parse(text, filename=filename, mode="exec")
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, filename, "exec", dont_inherit=True)
    last_code = compile(last, filename, "eval", dont_inherit=True) if last is not None else None
    return body, last_code


def student_traceback(exc: BaseException, limit_chars: int = 8000) -> list[str]:
    """Format an exception keeping only frames in student cells (never the runner's)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(CELL_PREFIX)]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > limit_chars:
        text = text[:limit_chars] + "\n[traceback truncated]"
    return text.splitlines()


def error_record(exc: BaseException) -> dict:
    """A structured error: type, message and the student-code traceback only."""
    try:
        message = str(exc)
    except BaseException:  # a hostile __str__
        message = "<message could not be read>"
    return {
        "ename": type(exc).__name__,
        "evalue": message[:2000],
        "traceback": student_traceback(exc),
    }


def run_cell(source: str, cell_id: str, namespace: dict, display, student=None) -> dict | None:
    """Execute one cell in ``namespace``; display(value) shows the last expression.

    Returns an error record if the cell raised (SystemExit and KeyboardInterrupt included,
    as a kernel would report them), else None. ``student`` is entered around the student's code only
    (the runner's ``StudentBuiltins``): compiling and formatting the error use the real builtins.
    """
    try:
        body, last = compile_cell(source, cell_id)
    except SyntaxError as exc:
        return {"ename": "SyntaxError", "evalue": str(exc), "traceback": traceback.format_exception_only(SyntaxError, exc)}
    try:
        with student if student is not None else contextlib.nullcontext():
            exec(body, namespace)
            if last is not None:
                value = eval(last, namespace)
                if value is not None:
                    namespace["_"] = value
                    display(value)
    except BaseException as exc:  # the student's exception is data, whatever it is
        return error_record(exc)
    finally:
        sys.stdout.flush()
    return None
