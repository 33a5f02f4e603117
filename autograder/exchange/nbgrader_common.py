"""Base class shared by this package's nbgrader exchange plugins.

nbgrader's exchange is pluggable (``c.ExchangeFactory.submit = ...`` and so on); the plugins
here keep every stock command and the JupyterLab Assignments panel working while replacing the
world-writable directory with: a course store only the course owner can touch, and the course
submission service (``service.py``) for students. Student commands talk to the service;
instructor commands (run as the course owner) act on the store directly, so they work even
when the service is stopped.

Settings (``nbgrader_config.py``; command line > environment > config file, as in nbgrader)::

    c.Exchange.root = "/srv/autograder/exchange"   # holds one directory per course
    c.SecureExchange.course_owner = "grader-mml"   # optional: the account the service runs as
"""

import os
import sys

from nbgrader.exchange.default import Exchange as DefaultExchange
from traitlets import Float, Unicode, default

from .archive import ArchiveError
from .client import STORE_NAME, ClientError, ExchangeClient
from .storage import CourseStore, StoreError

#: Errors of this package that become a clean ``nbgrader ... failed`` with the message shown.
EXPECTED = (ClientError, StoreError, ArchiveError)
DEFAULT_ROOT = "/srv/autograder/exchange"


class SecureExchange(DefaultExchange):
    """Common traits and helpers; ``start`` turns this package's errors into ExchangeError."""

    course_owner = Unicode(
        "",
        help="Unix account that owns the course store and runs the submission service. "
             "Empty: the owner of <root>/<course_id>. Students' commands refuse to talk to a "
             "service running as anyone else.",
    ).tag(config=True)

    service_timeout = Float(
        120.0, help="Seconds to wait for the submission service before giving up."
    ).tag(config=True)

    @default("root")
    def _root_default(self):
        return DEFAULT_ROOT

    def start(self):
        if sys.platform == "win32":
            self.fail("Sorry, the exchange is not available on Windows.")
        try:
            # Skip DefaultExchange.start: it insists on a world-writable root, which we refuse.
            return super(DefaultExchange, self).start()
        except EXPECTED as e:
            self.fail(str(e))

    # -- helpers --------------------------------------------------------------------------
    def require_course(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        return self.coursedir.course_id

    def client(self, course_id=None):
        return ExchangeClient(self.root, course_id or self.coursedir.course_id,
                              expected_owner=self.course_owner, timeout=self.service_timeout)

    def store(self, course_id=None):
        return CourseStore(os.path.join(self.root, course_id or self.coursedir.course_id, STORE_NAME))

    def owns_store(self, course_id=None):
        """True when this process runs as the course owner (instructor commands act directly)."""
        try:
            return os.stat(self.store(course_id).path).st_uid == os.geteuid()
        except OSError:
            return False

    def claimed_student(self):
        """The --student given on the command line, or None; the service refuses a mismatch."""
        sid = self.coursedir.student_id
        return None if sid in ("", "*") else sid

    def local_assignment_dir(self, course_id, assignment_id):
        if self.path_includes_course:
            return os.path.abspath(os.path.join(self.assignment_dir, course_id, assignment_id))
        return os.path.abspath(os.path.join(self.assignment_dir, assignment_id))

    def course_ids(self):
        """Courses to look at: the configured one, or every course set up under ``root``."""
        if self.coursedir.course_id:
            return [self.coursedir.course_id]
        try:
            names = sorted(os.listdir(self.root))
        except OSError:
            return []
        return [n for n in names if os.path.exists(os.path.join(self.root, n, "exchange.sock"))]
