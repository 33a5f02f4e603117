"""Due dates (per assignment, plus per-student extensions) and the rule that picks the graded submission.

Due dates live where nbgrader keeps them, in the gradebook: ``Assignment.duedate`` and
``SubmittedAssignment.extension`` (set with ``nbgrader db assignment add ps1 --duedate=...`` and
``Gradebook.grant_extension``). The service reads them at submit time to tell a student at
once whether the submission is late; ``collect`` reads them again, so a due date or an
extension changed after the fact is honoured.

The graded submission is chosen by a written rule (``RULES``); every other submission stays in
the store for the record.
"""

import datetime
import os

UTC = datetime.timezone.utc

RULES = {
    "last": "the most recent submission, late or not (nbgrader's default)",
    "last_before_deadline": (
        "the most recent submission at or before the student's due date (assignment due date "
        "plus any extension); if there is none, the most recent submission"),
}


def parse_utc(text):
    """Parse an ISO-8601 UTC string written by the service into an aware datetime."""
    dt = datetime.datetime.fromisoformat(text)
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _gradebook_exists(db_url):
    if db_url.startswith("sqlite:///"):
        return os.path.isfile(db_url[len("sqlite:///"):])
    return bool(db_url)


def due_date(db_url, course_id, assignment, student):
    """Return the student's due date as an aware UTC datetime, or None if none is set.

    Never creates a gradebook: a missing database simply means "no due date".
    """
    if not db_url or not _gradebook_exists(db_url):
        return None
    from nbgrader.api import Gradebook, MissingEntry  # heavy import: only when needed
    with Gradebook(db_url, course_id) as gb:
        try:
            a = gb.find_assignment(assignment)
        except MissingEntry:
            return None
        if a.duedate is None:
            return None
        due = a.duedate
        try:
            ext = gb.find_submission(assignment, student).extension
        except MissingEntry:
            ext = None
        if ext is not None:
            due = due + ext
    return due.replace(tzinfo=UTC) if due.tzinfo is None else due.astimezone(UTC)


def lateness(record, due):
    """Return seconds late (0 if on time) of a submission record, or None without a due date."""
    if due is None:
        return None
    delta = (parse_utc(record["stamped_utc"]) - due).total_seconds()
    return max(0.0, delta)


def choose(records, rule, due):
    """Pick the graded record from a student's records (sorted oldest first) by ``rule``."""
    if rule not in RULES:
        raise ValueError(f"unknown collect rule {rule!r}; choose one of {', '.join(RULES)}")
    if not records:
        return None
    if rule == "last_before_deadline" and due is not None:
        on_time = [r for r in records if parse_utc(r["stamped_utc"]) <= due]
        if on_time:
            return on_time[-1]
    return records[-1]


def describe(seconds):
    """Human wording of a lateness in seconds (None = no due date)."""
    if seconds is None:
        return "no due date set"
    if seconds <= 0:
        return "on time"
    h, rem = divmod(int(round(seconds)), 3600)
    m, s = divmod(rem, 60)
    return f"LATE by {h}h {m:02d}m {s:02d}s"
