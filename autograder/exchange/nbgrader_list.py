"""``nbgrader list`` and the JupyterLab Assignments panel, on top of the service and the store.

Returns the same dictionaries as nbgrader's stock lister (the Lab panel reads them as they
are): released assignments with status ``released``/``fetched``, and submissions grouped per
course/student/assignment with ``has_exchange_feedback`` and friends. What each caller sees:

* a student: released assignments, and *their own* submissions (``--inbound`` and ``--cached``
  both mean "mine": the service answers only for the kernel-verified caller);
* the course owner: ``--inbound`` lists everyone's submissions straight from the store, and
  ``--remove`` withdraws a released assignment. Submissions are never removed: they are the
  record of what was handed in when.
"""

import hashlib
import os
import shutil
from collections import defaultdict

from nbgrader.exchange.abc import ExchangeList

from .nbgrader_common import SecureExchange


def _sha256_file(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


class SecureList(SecureExchange, ExchangeList):
    """Lists through the service (students) or the store (the course owner's ``--inbound``)."""

    def init_src(self):
        pass

    def init_dest(self):
        pass

    def copy_files(self):
        pass

    # -- released ---------------------------------------------------------------------------
    def _released(self, course):
        if self.owns_store(course):
            store = self.store(course)
            items = [{"assignment": a, "notebooks": sorted(
                f[:-6] for f in os.listdir(os.path.join(store.released, a)) if f.endswith(".ipynb"))}
                for a in store.released_ids()]
        else:
            items = self.client(course).list_released()
        out = []
        for item in items:
            aid = item["assignment"]
            if self.coursedir.assignment_id and aid != self.coursedir.assignment_id:
                continue
            local = self.local_assignment_dir(course, aid)
            info = {"course_id": course, "assignment_id": aid}
            if os.path.isdir(local):
                info.update(status="fetched", path=local)
                nbs = sorted(f[:-6] for f in os.listdir(local) if f.endswith(".ipynb"))
                info["notebooks"] = [{"notebook_id": n, "path": os.path.join(local, n + ".ipynb")} for n in nbs]
            else:
                info.update(status="released", path=os.path.join(self.root, course, aid))
                info["notebooks"] = [{"notebook_id": n, "path": os.path.join(info["path"], n + ".ipynb")}
                                     for n in item["notebooks"]]
            if self.remove:
                info["status"] = "removed"
            out.append(info)
        return out

    # -- submissions ------------------------------------------------------------------------
    def _submission_rows(self, course):
        """Return ``[(student, submission_dict)]`` in the shape the service's ``submissions`` op gives."""
        aid = self.coursedir.assignment_id or None
        if self.inbound and self.owns_store(course):
            store, rows = self.store(course), []
            wanted = self.claimed_student()
            for student in store.student_ids():
                if wanted and student != wanted:
                    continue
                records, problems = store.list_submissions(student, aid)
                for p in problems:
                    self.log.error(p)
                for r in records:
                    fb = store.feedback_files(student, r["assignment"]).get(r["id"], {})
                    rows.append((student, {
                        "id": r["id"], "assignment": r["assignment"], "timestamp": r["timestamp"],
                        "notebooks": sorted(f[:-6] for f in r["files"] if f.endswith(".ipynb") and "/" not in f),
                        "feedback": {nb: _sha256_file(p) for nb, p in fb.items()}}))
            return rows
        client = self.client(course)
        user = client.hello()["user"]
        return [(user, s) for s in client.submissions(aid, student=self.claimed_student())]

    def _submission_info(self, course, student, sub):
        aid = sub["assignment"]
        local = self.local_assignment_dir(course, aid)
        info = {"course_id": course, "student_id": student, "assignment_id": aid,
                "timestamp": sub["timestamp"], "status": "removed" if self.remove else "submitted",
                "path": os.path.join(self.root, course, "submissions", student, aid, sub["id"]),
                "notebooks": []}
        fb_dir = os.path.join(local, "feedback", sub["timestamp"])
        for nb in sub["notebooks"]:
            local_fb = os.path.join(fb_dir, nb + ".html")
            has_local = os.path.isfile(local_fb)
            remote = sub["feedback"].get(nb)
            info["notebooks"].append({
                "notebook_id": nb, "path": os.path.join(info["path"], nb + ".ipynb"),
                "has_local_feedback": has_local, "has_exchange_feedback": remote is not None,
                "local_feedback_path": local_fb if has_local else None,
                "feedback_updated": bool(has_local and remote and _sha256_file(local_fb) != remote)})
        nbs = info["notebooks"]
        info["has_local_feedback"] = bool(nbs) and all(n["has_local_feedback"] for n in nbs)
        info["has_exchange_feedback"] = bool(nbs) and all(n["has_exchange_feedback"] for n in nbs)
        info["feedback_updated"] = any(n["feedback_updated"] for n in nbs)
        info["local_feedback_path"] = fb_dir if info["has_local_feedback"] else None
        return info

    def _submitted(self, course):
        groups = defaultdict(list)
        for student, sub in self._submission_rows(course):
            info = self._submission_info(course, student, sub)
            groups[(course, student, info["assignment_id"])].append(info)
        return [{"course_id": c, "student_id": s, "assignment_id": a, "status": subs[0]["status"],
                 "submissions": sorted(subs, key=lambda x: x["timestamp"])}
                for (c, s, a), subs in sorted(groups.items())]

    def parse_assignments(self):
        out = []
        for course in self.course_ids():
            try:
                out.extend(self._submitted(course) if self.inbound or self.cached else self._released(course))
            except Exception as e:
                if self.coursedir.course_id:
                    raise
                self.log.warning("Skipping course %s: %s", course, e)  # listing every course
        return out

    def list_files(self):
        assignments = self.parse_assignments()
        if self.inbound or self.cached:
            self.log.info("Submitted assignments:")
            for a in assignments:
                for s in a["submissions"]:
                    fb = " (feedback ready to be fetched)" if s["has_exchange_feedback"] else ""
                    self.log.info("{} {} {} {}{}".format(s["course_id"], s["student_id"],
                                                         s["assignment_id"], s["timestamp"], fb))
        else:
            self.log.info("Released assignments:")
            for a in assignments:
                done = " (already downloaded)" if a["status"] == "fetched" else ""
                self.log.info("{} {}{}".format(a["course_id"], a["assignment_id"], done))
        return assignments

    def remove_files(self):
        if self.inbound or self.cached:
            self.fail("Submissions are kept permanently as the record of what was handed in and "
                      "when; they cannot be removed with `nbgrader list --remove`.")
        course = self.require_course()
        if not self.owns_store(course):
            self.fail("Only the course owner can withdraw a released assignment.")
        assignments = self.parse_assignments()
        store = self.store(course)
        for a in assignments:
            staged = store.staging()
            os.rename(os.path.join(store.released, a["assignment_id"]), staged)
            shutil.rmtree(staged)
            self.log.info("Removed released assignment {} {}".format(course, a["assignment_id"]))
        return assignments
