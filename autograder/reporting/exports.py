"""Grade exports: a per-question CSV for the instructor and a Canvas gradebook import CSV.

Per question (one file per assignment), one row per student on the roster:
``student_id, last_name, first_name, status, <every test cell and manual cell>, raw_total,
late_penalty, total, max_total, needs_manual_grading, reason``. ``status`` is ``graded``,
``ungradable`` or ``missing``; a missing or ungradable student has empty cells and totals, never 0.
A cell still waiting for manual grading is empty too, and ``needs_manual_grading`` is ``yes``.

Canvas (one file, one column per assignment): the columns Canvas's gradebook import expects,
``Student, ID, SIS User ID, SIS Login ID, Section``, a ``Points Possible`` row, then one score
per student. ``ID`` is the Canvas user id (nbgrader's ``lms_user_id``, or the ``lms_id`` column of
a roster CSV as used by ``autograder.exchange.lms``); ``SIS Login ID`` is the nbgrader student id.
An empty score leaves Canvas's grade unchanged: missing and ungradable students, and by default
students still waiting for manual grading (their total is not final), get an empty cell.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.reporting.collect import ClassRecord

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def _num(x) -> str:
    if x is None:
        return ""
    return f"{x:g}"


def per_question_rows(record: ClassRecord) -> tuple[list, list]:
    header = ["student_id", "last_name", "first_name", "status"] + [c.column for c in record.cells] + \
             ["raw_total", "late_penalty", "total", "max_total", "needs_manual_grading", "reason"]
    rows = []
    for row in record.rows:
        graded = row.status == "graded"
        rows.append([row.student, row.last_name, row.first_name, row.status]
                    + [_num(row.scores.get(c.column)) for c in record.cells]
                    + [_num(row.raw_total), _num(row.late_penalty) if graded else "", _num(row.total),
                       _num(record.max_total), ("yes" if row.needs_manual else "no") if graded else "",
                       row.reason])
    return header, rows


def _write(path: Path, header: list, rows: list) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_per_question(record: ClassRecord, path: Path) -> Path:
    header, rows = per_question_rows(record)
    return _write(path, header, rows)


def load_roster(path: Path | None) -> dict:
    """{student_id: lms_id} from a roster CSV with columns lms_id,student_id (or {} without one)."""
    if not path:
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"lms_id", "student_id"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: a roster CSV needs the columns lms_id and student_id")
        return {r["student_id"].strip(): r["lms_id"].strip() for r in reader if r.get("student_id")}


def canvas_rows(records: list, canvas_ids: dict | None = None, roster: dict | None = None,
                include_provisional: bool = False) -> tuple[list, list, list]:
    """Header, rows (the first is Points Possible) and warnings for a Canvas gradebook import."""
    canvas_ids, roster = canvas_ids or {}, roster or {}
    titles = [f"{r.assignment} ({canvas_ids[r.assignment]})" if r.assignment in canvas_ids else r.assignment
              for r in records]
    header = CANVAS_COLUMNS + titles
    rows = [["Points Possible", "", "", "", ""] + [_num(r.max_total) for r in records]]
    students: dict = {}
    for record in records:
        for row in record.rows:
            students.setdefault(row.student, row)
    no_id, pending = [], {}
    for student_id in sorted(students):
        who = students[student_id]
        lms_id = who.lms_user_id or roster.get(student_id, "")
        if not lms_id:
            no_id.append(student_id)
        scores = []
        for record in records:
            row = next((r for r in record.rows if r.student == student_id), None)
            if row is None or row.status != "graded":
                scores.append("")
            elif row.needs_manual and not include_provisional:
                scores.append("")
                pending.setdefault(record.assignment, []).append(student_id)
            else:
                scores.append(_num(row.total))
        rows.append([who.name, lms_id, "", student_id, ""] + scores)
    warnings = [f"{assignment}: {len(ids)} student(s) still need manual grading, their cells are left empty "
                f"(--include-provisional fills them): {', '.join(ids)}" for assignment, ids in pending.items()]
    if no_id:
        warnings.append(f"{len(no_id)} student(s) without a Canvas user id (nbgrader lms_user_id or --roster); "
                        f"Canvas matches them by SIS Login ID only: {', '.join(no_id)}")
    return header, rows, warnings


def write_canvas(records: list, path: Path, canvas_ids: dict | None = None, roster: dict | None = None,
                 include_provisional: bool = False) -> tuple[Path, list]:
    header, rows, warnings = canvas_rows(records, canvas_ids, roster, include_provisional)
    return _write(path, header, rows), warnings
