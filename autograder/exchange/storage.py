"""The course store: released assignments, every submission, and feedback, owned by the course.

Layout under ``<root>/<course>/store`` (mode 0700, owned by the course owner; students never
see inside it, they go through the service)::

    released/<assignment>/...                       what students fetch
    submissions/<student>/<assignment>/<id>/meta.json + files/...
    feedback/<student>/<assignment>/<id>/<notebook>.html
    tmp/                                            staging; renamed into place atomically
    audit.log                                       one JSON line per accepted or refused request

Why one directory per submission with a ``meta.json`` written by the service: every submission
is kept (history), its time and owner are data the student cannot touch, and a reader that
meets a damaged entry can skip that one entry and go on (stock ``collect`` crashes for the whole
class on one unparseable directory name).
"""

import hashlib
import json
import os
import secrets
import shutil
import time

from . import archive

META = "meta.json"
FILES = "files"


class StoreError(Exception):
    """Raised when the store is missing, not owned by the caller, or an entry cannot be written."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class CourseStore:
    """Paths and operations on one course's store. Only the course owner constructs one."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.released = os.path.join(self.path, "released")
        self.submissions = os.path.join(self.path, "submissions")
        self.feedback = os.path.join(self.path, "feedback")
        self.tmp = os.path.join(self.path, "tmp")

    def check_owner(self):
        """Fail clearly unless this process owns the store (instructor commands act on it)."""
        try:
            st = os.stat(self.path)
        except OSError as e:
            raise StoreError(f"course store {self.path} is not accessible: {e.strerror}. "
                             "Run `autograder course init` first, as root.") from None
        if st.st_uid != os.geteuid():
            import pwd
            owner = pwd.getpwuid(st.st_uid).pw_name
            me = pwd.getpwuid(os.geteuid()).pw_name
            raise StoreError(f"this command acts on the course store {self.path}, owned by "
                             f"{owner!r}; run it as {owner!r} (you are {me!r})")
        for d in (self.released, self.submissions, self.feedback, self.tmp):
            os.makedirs(d, mode=0o700, exist_ok=True)

    def staging(self):
        """Return a fresh path under tmp/ (not created) for building an entry before rename."""
        return os.path.join(self.tmp, f"{time.time_ns()}-{secrets.token_hex(6)}")

    # -- released assignments -------------------------------------------------------------
    def released_ids(self):
        if not os.path.isdir(self.released):
            return []
        return sorted(d for d in os.listdir(self.released)
                      if os.path.isdir(os.path.join(self.released, d)) and not d.startswith("."))

    def list_tree(self, top):
        """Return the sorted relative paths of the plain files under ``top`` (links are skipped)."""
        out = []
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    out.append(os.path.relpath(path, top).replace(os.sep, "/"))
        return sorted(out)

    def read_tree(self, top):
        """Return ``{relpath: bytes}`` of the plain files under ``top`` (links are skipped)."""
        out = {}
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.isfile(path) and not os.path.islink(path):
                    with open(path, "rb") as fh:
                        out[os.path.relpath(path, top).replace(os.sep, "/")] = fh.read()
        return out

    def replace_dir(self, staged, final):
        """Atomically put ``staged`` at ``final``, moving any old version aside and deleting it."""
        os.makedirs(os.path.dirname(final), mode=0o700, exist_ok=True)
        old = None
        if os.path.exists(final):
            old = self.staging()
            os.rename(final, old)
        os.rename(staged, final)
        if old:
            shutil.rmtree(old)

    # -- submissions ----------------------------------------------------------------------
    def student_ids(self):
        if not os.path.isdir(self.submissions):
            return []
        return sorted(os.listdir(self.submissions))

    def add_submission(self, student, assignment, entries, meta):
        """Store one submission (``entries`` from ``archive.members``) with ``meta``; return its dir."""
        staged = self.staging()
        os.makedirs(staged, mode=0o700)
        archive.write_tree(entries, os.path.join(staged, FILES), file_mode=0o600, dir_mode=0o700)
        with open(os.path.join(staged, META), "x") as fh:
            json.dump(meta, fh, indent=1, sort_keys=True)
        parent = os.path.join(self.submissions, student, assignment)
        os.makedirs(parent, mode=0o700, exist_ok=True)
        final = os.path.join(parent, meta["id"])
        os.rename(staged, final)
        return final

    def count_submissions(self, student, assignment):
        parent = os.path.join(self.submissions, student, assignment)
        return len(os.listdir(parent)) if os.path.isdir(parent) else 0

    def list_submissions(self, student, assignment=None):
        """Return ``(records, problems)``: valid records sorted by time, and one line per bad entry."""
        records, problems = [], []
        base = os.path.join(self.submissions, student)
        if not os.path.isdir(base):
            return records, problems
        aids = [assignment] if assignment else sorted(os.listdir(base))
        for aid in aids:
            adir = os.path.join(base, aid)
            if not os.path.isdir(adir):
                continue
            for sid in sorted(os.listdir(adir)):
                path = os.path.join(adir, sid)
                try:
                    with open(os.path.join(path, META)) as fh:
                        meta = json.load(fh)
                    ok = (meta["id"] == sid and meta["student"] == student
                          and meta["assignment"] == aid and isinstance(meta["stamped_utc"], str))
                    if not ok:
                        raise ValueError("meta.json does not match its location")
                except (OSError, ValueError, KeyError, TypeError) as e:
                    problems.append(f"skipping damaged submission {path}: {e}")
                    continue
                meta["path"] = os.path.join(path, FILES)
                records.append(meta)
        records.sort(key=lambda r: (r["stamped_utc"], r["id"]))
        return records, problems

    # -- feedback -------------------------------------------------------------------------
    def feedback_dir(self, student, assignment, submission_id):
        return os.path.join(self.feedback, student, assignment, submission_id)

    def feedback_files(self, student, assignment):
        """Return ``{submission_id: {notebook_id: path}}`` of released feedback for one student."""
        out = {}
        base = os.path.join(self.feedback, student, assignment)
        if not os.path.isdir(base):
            return out
        for sid in sorted(os.listdir(base)):
            d = os.path.join(base, sid)
            files = {f[:-5]: os.path.join(d, f) for f in sorted(os.listdir(d))
                     if f.endswith(".html") and os.path.isfile(os.path.join(d, f))}
            if files:
                out[sid] = files
        return out

    def audit(self, event):
        """Append one JSON line to audit.log (who, what, when, accepted or refused and why)."""
        event = dict(event, at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        fd = os.open(os.path.join(self.path, "audit.log"),
                     os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "a") as fh:
            fh.write(json.dumps(event, sort_keys=True) + "\n")
