"""Importing an LMS (Canvas) bulk download with ``nbgrader zip_collect``.

Canvas names each downloaded file ``<name>[_late]_<user id>_<attachment id>_<original name>``,
and a re-upload of the same file gets ``-1``, ``-2``, ... before the extension, e.g.
``alice_12345_67890_vector_calculus.ipynb`` then ``alice_12345_67912_vector_calculus-1.ipynb``.
Stock ``zip_collect`` needs a time stamp in the name to tell attempts apart and aborts the whole
import on a duplicate without one; Canvas gives none. This plugin:

* maps the numeric LMS user id to the course's student id with a roster CSV (columns
  ``lms_id,student_id``): the display name in the file name is not an identity;
* keeps the latest attempt of each file per student (highest ``-N``, then highest attachment
  id) and skips the others, so nbgrader never sees a duplicate;
* lists every file it could not use (malformed name, LMS id not in the roster, superseded
  attempt) and every roster student with nothing submitted, in a report.

Use it (instructor's ``nbgrader_config.py``)::

    c.ZipCollectApp.collector_plugin = "autograder.exchange.lms.CanvasCollectorPlugin"
    c.CanvasCollectorPlugin.roster = "roster.csv"
    c.CanvasCollectorPlugin.report = "downloaded/lms_report.txt"   # optional
"""

import csv
import os
import re
from dataclasses import dataclass

from nbgrader.plugins.zipcollect import FileNameCollectorPlugin
from traitlets import Unicode

CANVAS_RE = re.compile(
    r"^(?P<name>[A-Za-z0-9]+)(?P<late>_late)?_(?P<lms_id>\d+)_(?P<attachment>\d+)_"
    r"(?P<base>.+?)(?:-(?P<attempt>\d+))?(?P<ext>\.[A-Za-z0-9]+)$", re.IGNORECASE)


class RosterError(Exception):
    """Raised when the roster CSV is missing, lacks the lms_id/student_id columns, or repeats an id."""


@dataclass(frozen=True)
class LmsFile:
    path: str
    lms_id: str
    attachment: int
    attempt: int
    file_id: str
    late: bool


def parse_name(path):
    """Return an LmsFile for a Canvas-style file name, or None if the name does not fit."""
    m = CANVAS_RE.match(os.path.basename(path))
    if not m:
        return None
    return LmsFile(path=path, lms_id=m["lms_id"], attachment=int(m["attachment"]),
                   attempt=int(m["attempt"] or 0), file_id=m["base"] + m["ext"], late=bool(m["late"]))


def load_roster(path):
    """Return ``{lms_id: student_id}`` from a CSV with columns ``lms_id`` and ``student_id``."""
    try:
        with open(path, newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as e:
        raise RosterError(f"cannot read roster {path}: {e.strerror}") from None
    if not rows or not {"lms_id", "student_id"} <= set(rows[0]):
        raise RosterError(f"roster {path} needs a header with the columns lms_id,student_id")
    roster = {}
    for n, row in enumerate(rows, start=2):
        lms_id, student = (row["lms_id"] or "").strip(), (row["student_id"] or "").strip()
        if not lms_id or not student:
            raise RosterError(f"roster {path} line {n}: empty lms_id or student_id")
        if lms_id in roster:
            raise RosterError(f"roster {path} line {n}: lms_id {lms_id} appears twice")
        roster[lms_id] = student
    return roster


def plan(paths, roster, valid_ext=(".ipynb",)):
    """Decide what to import: ``({path: (student_id, file_id)}, report_lines)``."""
    report, latest = [], {}
    for path in sorted(paths):
        name = os.path.basename(path)
        if os.path.splitext(name)[1] not in valid_ext:
            report.append(f"skipped (not a {'/'.join(valid_ext)} file): {name}")
            continue
        f = parse_name(path)
        if f is None:
            report.append(f"malformed name (not <name>_<lms id>_<attachment id>_<file>): {name}")
            continue
        if f.lms_id not in roster:
            report.append(f"unknown LMS id {f.lms_id} (not in the roster): {name}")
            continue
        key = (roster[f.lms_id], f.file_id)
        old = latest.get(key)
        if old is None or (f.attempt, f.attachment) > (old.attempt, old.attachment):
            if old is not None:
                report.append(f"older attempt skipped: {os.path.basename(old.path)} (kept {name})")
            latest[key] = f
        else:
            report.append(f"older attempt skipped: {name} (kept {os.path.basename(old.path)})")
    chosen = {f.path: key for key, f in latest.items()}
    for (student, file_id), f in sorted(latest.items()):
        if f.late:
            report.append(f"marked late by the LMS: {student} {file_id}")
    submitted = {student for student, _ in latest}
    for student in sorted(set(roster.values()) - submitted):
        report.append(f"no submission: {student}")
    return chosen, report


class CanvasCollectorPlugin(FileNameCollectorPlugin):
    """zip_collect plugin for Canvas downloads: roster mapping, latest attempt wins, a report."""

    roster = Unicode("", help="CSV file with columns lms_id,student_id (LMS user id -> student id).").tag(config=True)
    report = Unicode("", help="Write the import report to this file too (it is always logged).").tag(config=True)

    _plan = None

    def _extracted_files(self, first):
        parent = self.parent
        if parent is not None and hasattr(parent, "_format_collect_path"):
            top = parent._format_collect_path(parent.extracted_directory)
        else:
            top = os.path.dirname(first)
        return [os.path.join(d, f) for d, _, files in os.walk(top) for f in files]

    def collect(self, submitted_file):
        if self._plan is None:
            if not self.roster:
                raise RosterError("set c.CanvasCollectorPlugin.roster to the roster CSV (lms_id,student_id)")
            chosen, report = plan(self._extracted_files(submitted_file), load_roster(self.roster),
                                  tuple(self.valid_ext))
            self._plan = chosen
            for line in report:
                self.log.warning("LMS import: %s", line)
            if self.report:
                with open(self.report, "w") as fh:
                    fh.write("\n".join(report) + "\n")
        if submitted_file not in self._plan:
            return None
        student, file_id = self._plan[submitted_file]
        return {"student_id": student, "file_id": file_id}
