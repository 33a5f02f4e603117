"""Instructor-side nbgrader plugins: release_assignment, collect, release_feedback.

They run as the course owner and act on the course store directly (no service needed), so an
instructor can release and collect even while the service is stopped. Every write is staged in
``store/tmp`` and renamed into place, so students never see half a release.

``collect`` picks one submission per student by a written rule (``deadlines.RULES``), reads the
due date and per-student extension from the gradebook, never follows a link (the store only
holds plain files the service checked), and skips a damaged entry with an error instead of
stopping: one bad submission cannot stop the class from being collected.
"""

import glob
import os
import re
import shutil

from nbgrader.exchange.abc import ExchangeCollect, ExchangeReleaseAssignment, ExchangeReleaseFeedback
from nbgrader.utils import parse_utc
from traitlets import Enum

from . import archive, deadlines
from .nbgrader_common import SecureExchange

#: Bounds for what an instructor releases (generous; they only stop accidents).
RELEASE_LIMITS = archive.Limits(max_bytes=500 * 2**20, max_file_bytes=200 * 2**20, max_files=5000)


class SecureReleaseAssignment(SecureExchange, ExchangeReleaseAssignment):
    """``nbgrader release_assignment``: copy release/<A> into the store (plain files only)."""

    def init_src(self):
        self.src_path = self.coursedir.format_path(self.coursedir.release_directory, ".", self.coursedir.assignment_id)
        if not os.path.isdir(self.src_path):
            self.fail("Assignment not found at {}; run `nbgrader generate_assignment {}` first.".format(
                self.src_path, self.coursedir.assignment_id))

    def init_dest(self):
        self.require_course()
        self.course_store = self.store()
        self.course_store.check_owner()
        self.dest_path = os.path.join(self.course_store.released, self.coursedir.assignment_id)

    def copy_files(self):
        course, aid = self.coursedir.course_id, self.coursedir.assignment_id
        if os.path.isdir(self.dest_path) and not self.force:
            self.fail("Destination already exists, add --force to overwrite: {} {}".format(course, aid))
        data, names = archive.pack(self.src_path, RELEASE_LIMITS, self.coursedir.ignore, self.coursedir.include)
        staged = self.course_store.staging()
        archive.write_tree(archive.members(data, RELEASE_LIMITS), staged, file_mode=0o600, dir_mode=0o700)
        self.course_store.replace_dir(staged, self.dest_path)
        self.log.info("Source: {}".format(self.src_path))
        self.log.info("Released {} file(s) as: {} {}".format(len(names), course, aid))


class SecureCollect(SecureExchange, ExchangeCollect):
    """``nbgrader collect``: one submission per student, chosen by ``collect_rule``."""

    collect_rule = Enum(
        sorted(deadlines.RULES), default_value="last",
        help="Which submission is graded. 'last': " + deadlines.RULES["last"] + ". "
             "'last_before_deadline': " + deadlines.RULES["last_before_deadline"] + ". "
             "`nbgrader collect --before-duedate` selects 'last_before_deadline'.",
    ).tag(config=True)

    def init_src(self):
        course, aid = self.require_course(), self.coursedir.assignment_id
        store = self.store()
        store.check_owner()
        rule = "last_before_deadline" if self.before_duedate else self.collect_rule
        wanted = self.claimed_student()
        self.src_records = []
        for student in store.student_ids():
            if wanted and student != wanted:
                continue
            records, problems = store.list_submissions(student, aid)
            for p in problems:
                self.log.error(p)
            if not records:
                continue
            try:
                due = deadlines.due_date(self.coursedir.db_url, course, aid, student)
            except Exception as e:
                self.log.error("Could not read the due date of %s for %s (%s); using rule 'last'", aid, student, e)
                due, rule_used = None, "last"
            else:
                rule_used = rule
            chosen = deadlines.choose(records, rule_used, due)
            late = deadlines.lateness(chosen, due)
            self.src_records.append({
                "username": student, "record": chosen, "rule": rule_used, "due": due, "late_seconds": late,
                "n": len(records), "index": records.index(chosen) + 1,
                "timestamp": parse_utc(chosen["timestamp"])})

    def init_dest(self):
        pass

    def copy_files(self):
        aid, course = self.coursedir.assignment_id, self.coursedir.course_id
        if not self.src_records:
            self.log.warning("No submissions of '{}' for course '{}' to collect".format(aid, course))
            return
        self.log.info("Processing {} submissions of '{}' for course '{}'".format(len(self.src_records), aid, course))
        for rec in self.src_records:
            student, r = rec["username"], rec["record"]
            dest = self.coursedir.format_path(self.coursedir.submitted_directory, student, aid)
            what = "{} {}: submission {} of {} at {} ({}; rule '{}')".format(
                student, aid, rec["index"], rec["n"], r["timestamp"], deadlines.describe(rec["late_seconds"]),
                rec["rule"])
            if os.path.isdir(dest):
                existing = self.coursedir.get_existing_timestamp(dest)
                if existing == rec["timestamp"]:
                    self.log.info("Already collected: {}".format(what))
                    continue
                if not (self.update or self.before_duedate):
                    self.log.info("Submission already exists, use --update to update: {}".format(what))
                    continue
                self.log.info("Updating submission: {}".format(what))
            else:
                self.log.info("Collecting submission: {}".format(what))
            self._copy(r, dest)

    def _copy(self, record, dest):
        store = self.store()
        files = store.read_tree(record["path"])
        files["timestamp.txt"] = record["timestamp"].encode()
        staged = dest + ".collecting"
        if os.path.lexists(staged):
            shutil.rmtree(staged)
        entries = [(rel, data) for rel, data in files.items()]
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        archive.write_tree(entries, staged, file_mode=0o644, dir_mode=0o755)
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        os.rename(staged, dest)


class SecureReleaseFeedback(SecureExchange, ExchangeReleaseFeedback):
    """``nbgrader release_feedback``: file each student's feedback under the submission it grades."""

    def init_src(self):
        student = self.claimed_student() or "*"
        self.src_path = self.coursedir.format_path(self.coursedir.feedback_directory, student, self.coursedir.assignment_id)

    def init_dest(self):
        self.require_course()
        self.course_store = self.store()
        self.course_store.check_owner()

    def copy_files(self):
        aid, store = self.coursedir.assignment_id, self.course_store
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        regexp = re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)", aid, escape=True),
            "(?P<notebook_id>.*).html"])
        released = 0
        for html in sorted(glob.glob(os.path.join(self.src_path, "*.html"))):
            m = re.match(regexp, html)
            if m is None or m["student_id"] in excluded:
                continue
            student, nb = m["student_id"], m["notebook_id"]
            record = self._matching_submission(student, aid, os.path.dirname(html))
            if record is None:
                continue
            dest_dir = store.feedback_dir(student, aid, record["id"])
            os.makedirs(dest_dir, mode=0o700, exist_ok=True)
            staged = store.staging()
            shutil.copyfile(html, staged, follow_symlinks=False)
            os.replace(staged, os.path.join(dest_dir, nb + ".html"))
            released += 1
            self.log.info("Releasing feedback for student '{}' on assignment '{}/{}/{}' ({})".format(
                student, self.coursedir.course_id, aid, nb, record["timestamp"]))
        self.log.info("Released {} feedback file(s)".format(released))

    def _matching_submission(self, student, aid, feedback_dir):
        """The stored submission whose stamp equals the feedback's timestamp.txt, or None."""
        try:
            with open(os.path.join(feedback_dir, "timestamp.txt")) as fh:
                text = fh.read().strip()
            when = parse_utc(text)
        except (OSError, ValueError) as e:
            self.log.warning("Feedback for %s has no readable timestamp.txt (%s); not released", student, e)
            return None
        records, _ = self.store().list_submissions(student, aid)
        for r in records:
            if r["timestamp"] == text or deadlines.parse_utc(r["stamped_utc"]).replace(tzinfo=None) == when:
                return r
        self.log.warning("No submission of %s by %s was stamped %s; feedback not released "
                         "(was it collected from this exchange?)", aid, student, text)
        return None
