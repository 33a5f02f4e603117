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


def _read_only_url(db_url):
    """A SQLAlchemy URL that cannot write: the service must never change the gradebook."""
    if db_url.startswith("sqlite:///"):
        path = db_url[len("sqlite:///"):]
        return None if not os.path.isfile(path) else f"sqlite:///file:{path}?mode=ro&uri=true"
    return db_url


def due_date(db_url, course_id, assignment, student):
    """Return the student's due date (assignment due date + extension) as aware UTC, or None.

    Reads the gradebook read-only through nbgrader's own table definitions, without
    ``nbgrader.api.Gradebook`` (which creates tables and rows when they are missing).
    """
    url = _read_only_url(db_url) if db_url else None
    if not url:
        return None
    from nbgrader.api import Assignment, SubmittedAssignment  # heavy import: only when needed
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    engine = create_engine(url, future=True)
    try:
        with Session(engine) as db:
            a = db.query(Assignment).filter_by(name=assignment, course_id=course_id).one_or_none()
            if a is None or a.duedate is None:
                return None
            due = a.duedate
            sub = db.query(SubmittedAssignment).filter_by(assignment_id=a.id, student_id=student).one_or_none()
            if sub is not None and sub.extension is not None:
                due = due + sub.extension
    finally:
        engine.dispose()
    return due.replace(tzinfo=UTC) if due.tzinfo is None else due.astimezone(UTC)


def preload():
    """Import the gradebook modules ahead of the first submission (nbgrader imports take seconds)."""
    import nbgrader.api  # noqa: F401
    import sqlalchemy.orm  # noqa: F401


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
