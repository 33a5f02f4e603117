"""Student-side nbgrader plugins: fetch_assignment, submit, fetch_feedback, via the service.

The student's identity is whatever the kernel says about the calling process; ``--student``
is passed on only so the service can refuse it with a clear message when it names someone
else. The submission time is stamped by the service; nothing here writes a time stamp.
"""

import os
import shutil
import tempfile

from nbgrader.exchange.abc import (ExchangeFetchAssignment, ExchangeFetchFeedback,
                                   ExchangeSubmit)

from . import archive
from .archive import ArchiveError
from .nbgrader_common import SecureExchange

#: Bound on what a client accepts back from the service (a release, or feedback pages).
CLIENT_LIMITS = archive.Limits(max_bytes=500 * 2**20, max_file_bytes=200 * 2**20, max_files=5000)


def _unpack_to_temp(data, parent):
    """Unpack tar bytes into a new temp dir under ``parent`` (same file system); return its path."""
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".fetch-", dir=parent)
    os.rmdir(tmp)
    umask = os.umask(0)
    os.umask(umask)
    archive.write_tree(archive.members(data, CLIENT_LIMITS), tmp,
                       file_mode=0o666 & ~umask, dir_mode=0o777 & ~umask)
    return tmp


class SecureFetchAssignment(SecureExchange, ExchangeFetchAssignment):
    """``nbgrader fetch_assignment``: download a released assignment through the service."""

    def init_src(self):
        course = self.require_course()
        if not self.authenticator.has_access(self.coursedir.student_id, course):
            self.fail("You do not have access to this course.")
        self.src_path = f"{course}/{self.coursedir.assignment_id} (course submission service)"

    def init_dest(self):
        self.dest_path = self.local_assignment_dir(self.coursedir.course_id, self.coursedir.assignment_id)
        if os.path.isdir(self.dest_path) and not self.replace_missing_files:
            self.fail("You already have a copy of the assignment in this directory: {}".format(
                os.path.relpath(self.dest_path, os.path.abspath(self.assignment_dir))))

    def copy_files(self):
        data = self.client().fetch(self.coursedir.assignment_id)
        tmp = _unpack_to_temp(data, os.path.dirname(self.dest_path))
        try:
            if not os.path.isdir(self.dest_path):
                os.rename(tmp, self.dest_path)
            else:
                for dirpath, _, filenames in os.walk(tmp):
                    for name in filenames:
                        rel = os.path.relpath(os.path.join(dirpath, name), tmp)
                        target = os.path.join(self.dest_path, rel)
                        if not os.path.lexists(target):
                            self.log.warning("Replacing missing file '%s'", rel)
                            os.makedirs(os.path.dirname(target), exist_ok=True)
                            os.rename(os.path.join(dirpath, name), target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.log.info("Fetched as: {} {}".format(self.coursedir.course_id, self.coursedir.assignment_id))


class SecureSubmit(SecureExchange, ExchangeSubmit):
    """``nbgrader submit``: pack the assignment directory, refuse unsafe files, send it."""

    def init_src(self):
        self.src_path = self.local_assignment_dir(self.coursedir.course_id, self.coursedir.assignment_id)
        self.coursedir.assignment_id = os.path.basename(self.src_path)
        if not os.path.isdir(self.src_path):
            self.fail("Assignment not found at: {}".format(self.src_path))

    def init_dest(self):
        course = self.require_course()
        if not self.authenticator.has_access(self.coursedir.student_id, course):
            self.fail("You do not have access to this course.")

    def check_notebooks(self, released, names):
        """Warn about missing/extra notebooks; with --strict, refuse when some are missing.

        ``names`` are the files actually packed, so what ``CourseDirectory.ignore`` leaves out
        (JupyterLab's ``.ipynb_checkpoints/*-checkpoint.ipynb`` after every save) is neither
        sent nor reported as an extra notebook.
        """
        submitted = {n[:-len(".ipynb")] for n in names if n.endswith(".ipynb")}
        expected = set(released["notebooks"])
        missing, extra = sorted(expected - submitted), sorted(submitted - expected)
        if missing and self.strict:
            self.fail(f"Assignment {self.coursedir.assignment_id} not submitted: missing "
                      f"notebook(s) {', '.join(m + '.ipynb' for m in missing)}")
        if missing or extra:
            self.log.warning("Possible missing notebooks (%s) and/or extra notebooks (%s) submitted "
                             "for assignment %s", ", ".join(missing) or "none",
                             ", ".join(extra) or "none", self.coursedir.assignment_id)

    def copy_files(self):
        client, aid = self.client(), self.coursedir.assignment_id
        limits = archive.Limits(**client.hello()["limits"])
        released = {a["assignment"]: a for a in client.list_released()}
        if aid not in released:
            self.fail(f"Assignment {aid!r} has not been released in course "
                      f"{self.coursedir.course_id!r}; nothing was submitted")
        try:
            data, names = archive.pack(self.src_path, limits, self.coursedir.ignore, self.coursedir.include)
        except ArchiveError as e:
            self.fail("Submission refused, nothing was sent. Fix these and submit again:\n  - "
                      + "\n  - ".join(e.problems))
        self.check_notebooks(released[aid], names)
        reply = client.submit(aid, data, student=self.claimed_student())
        for line in reply["warnings"]:
            self.log.warning(line)
        if reply["dropped"]:
            self.log.warning("Ignored %s: the exchange writes these itself", ", ".join(reply["dropped"]))
        self.log.info("Source: {}".format(self.src_path))
        self.log.info("Submitted {} file(s) as {}: {}".format(len(reply["files"]), reply["student"], reply["status"]))
        self.log.info("Submitted as: {} {} {}".format(self.coursedir.course_id, aid, reply["timestamp"]))


class SecureFetchFeedback(SecureExchange, ExchangeFetchFeedback):
    """``nbgrader fetch_feedback``: download the caller's own feedback, nobody else's."""

    def init_src(self):
        self.require_course()

    def init_dest(self):
        pass

    def copy_files(self):
        client = self.client()
        aids = [self.coursedir.assignment_id] if self.coursedir.assignment_id else sorted(
            {s["assignment"] for s in client.submissions(student=self.claimed_student())})
        for aid in aids:
            dest = os.path.join(self.local_assignment_dir(self.coursedir.course_id, aid), "feedback")
            data = client.fetch_feedback(aid, student=self.claimed_student())
            if not data:
                self.log.warning("No feedback available yet for %s %s", self.coursedir.course_id, aid)
                continue
            tmp = _unpack_to_temp(data, dest)
            try:
                for dirpath, _, filenames in os.walk(tmp):
                    for name in filenames:
                        rel = os.path.relpath(os.path.join(dirpath, name), tmp)
                        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                        os.replace(os.path.join(dirpath, name), os.path.join(dest, rel))
                        self.log.info("Fetched feedback: {}".format(os.path.join(dest, rel)))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
