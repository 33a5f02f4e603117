"""What the submission service does for each request, for one already-identified student.

Kept apart from ``service.py`` (sockets, identity, logging) so that each rule a student meets
reads in a few lines: every function receives the *kernel-verified* user name and may only
touch that user's submissions and feedback.
"""

import json
import os

from . import archive, deadlines
from .archive import pack_files
from .storage import sha256

#: Files the service writes into graded copies; a student's own copies are dropped, not trusted.
RESERVED = {"timestamp.txt", "submission_secret.txt"}
#: Slack for tar headers on top of the content limit (512-byte header + PAX record per file).
TAR_OVERHEAD_PER_FILE = 3 * 512


class Refused(Exception):
    """Raised when a request is well-formed but not allowed; the message goes to the student."""


def handle_request(svc, user, uid, pid, req, reader):
    """Dispatch one validated request; return ``(reply_header, reply_payload)``."""
    student = req.get("student")
    if student is not None and student != user:
        raise Refused(f"you are logged in as {user!r}: you can only act as yourself, not as "
                      f"{student!r} (drop --student, or use --student={user})")
    op = req["op"]
    if op == "hello":
        return {"ok": True, "user": user, "course": svc.cfg["course_id"],
                "limits": svc.limits.as_dict()}, b""
    if op == "list_released":
        return {"ok": True, "assignments": [_released_info(svc, a) for a in svc.store.released_ids()]}, b""
    if op == "fetch":
        return {"ok": True}, pack_files(svc.store.read_tree(_released_dir(svc, req["assignment"])))
    if op == "submit":
        return _submit(svc, user, uid, pid, req, reader), b""
    if op == "submissions":
        return {"ok": True, "submissions": _submissions(svc, user, req.get("assignment"))}, b""
    if op == "fetch_feedback":
        return _fetch_feedback(svc, user, req["assignment"])
    raise Refused(f"operation {op!r} is not available")  # pragma: no cover (schema-checked)


def _released_dir(svc, aid):
    path = os.path.join(svc.store.released, aid)
    if not os.path.isdir(path):
        raise Refused(f"assignment {aid!r} has not been released in course {svc.cfg['course_id']!r}"
                      f" (released: {', '.join(svc.store.released_ids()) or 'none'})")
    return path


def _released_info(svc, aid):
    files = svc.store.list_tree(os.path.join(svc.store.released, aid))
    notebooks = [f[:-6] for f in files if f.endswith(".ipynb") and "/" not in f]
    return {"assignment": aid, "notebooks": notebooks, "files": files}


def _submit(svc, user, uid, pid, req, reader):
    aid = req["assignment"]
    _released_dir(svc, aid)
    if svc.store.count_submissions(user, aid) >= svc.cfg["max_submissions"]:
        raise Refused(f"you have already submitted {aid!r} {svc.cfg['max_submissions']} times, "
                      "the most this course allows; ask your instructor")
    lim = svc.limits
    data = reader.payload(req["payload"], lim.max_bytes + lim.max_files * TAR_OVERHEAD_PER_FILE + 10240)
    entries = archive.members(data, lim)
    dropped = sorted(rel for rel, _ in entries if rel in RESERVED)
    entries = [(rel, d) for rel, d in entries if rel not in RESERVED]
    files = {rel: d for rel, d in entries if d is not None}
    if not files:
        raise Refused(f"the submission of {aid!r} holds no files")
    warnings = [f"{rel}: is not a valid notebook (not JSON); it cannot be graded"
                for rel, d in sorted(files.items()) if rel.endswith(".ipynb") and not _is_json(d)]
    when = svc.stamp()  # after the whole archive arrived and passed the checks
    try:
        due = deadlines.due_date(svc.cfg["db_url"], svc.cfg["course_id"], aid, user)
    except Exception as e:  # the gradebook being busy must not block a submission
        due, warnings = None, warnings + [f"due date unknown right now ({type(e).__name__})"]
    meta = {
        "id": when.strftime("%Y%m%dT%H%M%S.%fZ"), "student": user, "uid": uid, "pid": pid,
        "course": svc.cfg["course_id"], "assignment": aid,
        "timestamp": svc.format_stamp(when), "stamped_utc": when.isoformat(),
        "due_utc": due.isoformat() if due else None,
        "files": {rel: {"size": len(d), "sha256": sha256(d)} for rel, d in sorted(files.items())},
        "dropped": dropped,
    }
    late = deadlines.lateness(meta, due)
    meta["late_seconds"] = late
    svc.store.add_submission(user, aid, entries, meta)
    return {"ok": True, "id": meta["id"], "timestamp": meta["timestamp"], "student": user,
            "late_seconds": late, "status": deadlines.describe(late), "due_utc": meta["due_utc"],
            "files": sorted(files), "dropped": dropped, "warnings": warnings}


def _is_json(data):
    try:
        json.loads(data.decode("utf-8"))
        return True
    except (UnicodeDecodeError, ValueError):
        return False


def _submissions(svc, user, aid):
    records, _ = svc.store.list_submissions(user, aid)
    out = []
    for r in records:
        fb = svc.store.feedback_files(user, r["assignment"]).get(r["id"], {})
        feedback = {}
        for nb, path in fb.items():
            with open(path, "rb") as fh:
                feedback[nb] = sha256(fh.read())
        out.append({"id": r["id"], "assignment": r["assignment"], "timestamp": r["timestamp"],
                    "late_seconds": r.get("late_seconds"),
                    "notebooks": sorted(f[:-6] for f in r["files"] if f.endswith(".ipynb") and "/" not in f),
                    "feedback": feedback})
    return out


def _fetch_feedback(svc, user, aid):
    records = {r["id"]: r for r in svc.store.list_submissions(user, aid)[0]}
    files = {}
    for sid, notebooks in svc.store.feedback_files(user, aid).items():
        if sid not in records:
            continue
        for nb, path in notebooks.items():
            with open(path, "rb") as fh:
                files[f"{records[sid]['timestamp']}/{nb}.html"] = fh.read()
    if not files:
        return {"ok": True, "count": 0}, b""
    return {"ok": True, "count": len(files)}, pack_files(files)
