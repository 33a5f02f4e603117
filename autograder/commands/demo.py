"""``autograder demo``: the whole course workflow on bundled sample submissions.

In ``demo-output/course`` (a real nbgrader course using this repository's assignments and
configuration): release every assignment, hand in submissions for ten sample students built from
the fixture submissions (correct ones, common mistakes, hostile ones), autograde them with the stock
``nbgrader autograde`` into an SQLite gradebook, generate feedback, export grades, and print a
score table and where each output is.

Three of the students (``EXCHANGE_STUDENTS``) hand in through the secure exchange when the demo
runs as root: the course's submission service runs (in this process, as the course owner, i.e.
whoever runs the demo) on a socket under ``demo-output/exchange``; each of those students is a
temporary Unix user named ``agdemo-<name>-<random>`` (``autograder.exchange.localusers``), which is
also their student id in the gradebook, and runs the stock ``nbgrader fetch_assignment`` and
``nbgrader submit`` through this repository's exchange plugins; the instructor then runs
``nbgrader collect``. The users, their homes and the interpreter copy they ran are removed at the
end, also on failure. Without root (or without useradd/runuser) the demo says so in one line and
copies those students' submissions into ``submitted/`` like the others'.
"""
from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import nbformat

from autograder import coursework, fixtures
from autograder.checking.course import CHECKS_DIR, Course

STUDENTS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
#: These hand in through the secure exchange (as temporary Unix users) when the demo runs as root.
EXCHANGE_STUDENTS = ["alice", "bob", "carol"]
COURSE_ID = "mml"  # as in the repository's nbgrader_config.py


def register(subparsers):
    p = subparsers.add_parser("demo", help="run the whole course workflow on sample submissions (demo-output/)")
    p.add_argument("--output", default="demo-output", help="where the demo course is created (replaced if present)")
    p.add_argument("--assignments", nargs="*", help="assignments to include (default: every one with hidden checks)")
    p.set_defaults(run=run)


def sample_plan(assignment: str) -> dict:
    """Student -> fixture (None = the full correct solution): alice is always correct, the hostile
    fixtures go first so every demo shows them, then mistakes and correct alternatives."""
    found = fixtures.discover(coursework.REPO / "tests" / "submissions" / assignment)
    hostile = [f for f in found if "hostile" in f.name]
    mistakes = [f for f in found if f.outcome == "fail" and f.mistakes and f not in hostile]
    passes = [f for f in found if f.outcome == "pass"]
    ordered = hostile[:1] + list(itertools.chain.from_iterable(itertools.zip_longest(mistakes, passes)))
    ordered = [f for f in ordered if f is not None]
    return {student: (ordered[i - 1] if 0 < i <= len(ordered) else None) for i, student in enumerate(STUDENTS)}


def run(args) -> int:
    root = Path(args.output).resolve()
    if root.exists():
        shutil.rmtree(root)
    course_dir = coursework.make_course(root / "course")
    course = Course(course_dir, "assignments")
    assignments = args.assignments or [a for a in course.assignments() if (CHECKS_DIR / a).is_dir()]
    started = time.monotonic()
    exchange = ExchangeStudents.start(root, course_dir)
    try:
        ids = exchange.ids if exchange else {s: s for s in STUDENTS}
        plans = {}
        for assignment in assignments:
            print(f"[demo] releasing {assignment}")
            coursework.nbgrader(course_dir, "generate_assignment", assignment, "--create")
            plans[assignment] = sample_plan(assignment)
        if exchange:
            exchange.hand_in(assignments, plans)
        for assignment in assignments:
            for student, fixture in plans[assignment].items():
                if not (exchange and student in EXCHANGE_STUDENTS):
                    coursework.submit(course_dir, student, assignment,
                                      coursework.student_notebook(course_dir, assignment, fixture))
    finally:
        if exchange:
            exchange.close()
    for assignment in assignments:
        print(f"[demo] autograding {len(STUDENTS)} submissions of {assignment} with nbgrader autograde")
        coursework.nbgrader(course_dir, "autograde", assignment)
        coursework.nbgrader(course_dir, "generate_feedback", assignment)
    coursework.nbgrader(course_dir, "export", "--to", str(root / "grades.csv"))
    for assignment in assignments:  # the instructor's report and the per-question / Canvas exports
        autograder_command(course_dir, "report", assignment, "--quiet")
    autograder_command(course_dir, "export", *assignments)
    print_scores(course_dir, assignments, plans, ids)
    if exchange:
        exchange.print_summary(assignments)
    print(f"\n[demo] done in {time.monotonic() - started:.0f} s. Where things are:")
    places = [("course directory", course_dir), ("released notebooks", course_dir / "release"),
              ("submissions", course_dir / "submitted"), ("autograded notebooks", course_dir / "autograded"),
              ("student feedback (HTML)", course_dir / "feedback"), ("gradebook (SQLite)", course_dir / "gradebook.db"),
              ("full check results (instructor)", course_dir / "results"), ("grades CSV (nbgrader export)", root / "grades.csv"),
              ("class reports (HTML + text)", course_dir / "reports"),
              ("per-question and Canvas CSVs", course_dir / "exports")]
    if exchange and os.path.isdir(exchange.store):
        places.append(("exchange store and audit log", Path(exchange.store)))
    for label, path in places:
        print(f"  {label:32} {path}")
    return 0


def autograder_command(course_dir: Path, *args: str) -> None:
    from autograder import cli
    code = cli.main(["--root", str(course_dir), *args])
    if code:
        raise RuntimeError(f"autograder {' '.join(args)} failed with exit status {code}")


def print_scores(course_dir: Path, assignments: list, plans: dict, ids: dict | None = None) -> None:
    from nbgrader.api import Gradebook

    ids = ids or {s: s for s in STUDENTS}
    width = max(6, *(len(ids[s]) for s in STUDENTS))
    print()
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for assignment in assignments:
            print(f"{assignment}  (autograded points / autograded max; manual cells wait for the formgrader)")
            for student in STUDENTS:
                notebook = gradebook.find_submission_notebook(assignment, assignment, ids[student])
                auto = [g for g in notebook.grades if g.auto_score is not None]
                score = sum(g.score for g in auto)
                top = sum(g.max_score for g in auto)
                fixture = plans[assignment][student]
                lost = ", ".join(f"{g.name} {g.score:g}/{g.max_score:g}" for g in auto if g.score < g.max_score)
                print(f"  {ids[student]:{width}} {score:5.1f} / {top:<4g} "
                      f"{fixture.name if fixture else 'full solution':55} {lost}")
            print()


class ExchangeStudents:
    """EXCHANGE_STUDENTS as temporary Unix users who fetch and submit through the secure exchange.

    ``start`` returns None (after saying why, in one line) when this cannot run here; otherwise
    the users exist, the service answers, and ``close`` (always call it) stops the service and
    removes the users, their homes and everything else under the temporary directory.
    """

    def __init__(self, root: Path, course_dir: Path):
        from autograder.exchange import localusers
        self.lu = localusers
        self.course_dir = course_dir
        self.users = localusers.TemporaryUsers(prefix="agdemo", base_prefix="agdemo-")
        self.ids = {s: s for s in STUDENTS}
        self.stamps = {}  # (student, assignment) -> the service's time stamp
        self.server = None
        self._old_sigterm = None
        self.exchange_root = str(root / "exchange")
        socket_path = os.path.join(self.exchange_root, COURSE_ID, "exchange.sock")
        if len(socket_path) > 100 or not self._reachable(root):  # Unix socket paths are short
            self.exchange_root = os.path.join(self.users.base, "exchange")
        self.store = os.path.join(self.exchange_root, COURSE_ID, "store")
        self.etc = os.path.join(self.users.base, "etc")

    @staticmethod
    def _reachable(root: Path) -> bool:
        """Can students reach an exchange under ``root`` and trust its path (see client.py)?"""
        from autograder.exchange.client import unsafe_path_problems
        path = root.resolve()
        searchable = all(os.stat(p).st_mode & 0o001 for p in [*path.parents, path])
        return searchable and not unsafe_path_problems(str(path), os.geteuid())

    @classmethod
    def start(cls, root: Path, course_dir: Path):
        from autograder.exchange import localusers
        names = ", ".join(EXCHANGE_STUDENTS)
        why = localusers.why_unavailable()
        if why is None and not localusers.SITE_PACKAGES:
            why = "cannot find the site-packages holding nbgrader"
        if why:
            print(f"[demo] {names} hand in without the secure exchange: submitting through it {why} "
                  "(one per student); copying their submissions into submitted/ instead")
            return None
        self = cls(root, course_dir)
        try:
            if threading.current_thread() is threading.main_thread():  # so `finally` cleans up on SIGTERM
                self._old_sigterm = signal.signal(signal.SIGTERM, _exit_on_sigterm)
            why = self._set_up()
        except BaseException:
            self.close()
            raise
        if why:
            self.close()
            print(f"[demo] {names} hand in without the secure exchange: {why}; "
                  "copying their submissions into submitted/ instead")
            return None
        return self

    def _set_up(self):
        """Users, an interpreter they can run, the course's exchange and its service; a reason on failure."""
        from autograder.exchange.course_setup import init_course
        from autograder.exchange.nbgrader_exchange import config_lines
        from autograder.exchange.service import load_config, start_in_thread

        for student in EXCHANGE_STUDENTS:
            self.ids[student] = self.users.add_user(self.users.unique(student))
        first = self.ids[EXCHANGE_STUDENTS[0]]
        self.python, self.python_env = self.lu.user_python(first, self.users.base)
        if self.python is None:
            return (f"the temporary users cannot run Python with nbgrader from {self.lu.PROJECT} "
                    "(is a parent directory private, e.g. a clone under /root?)")
        owner = pwd.getpwuid(os.geteuid()).pw_name  # the course owner: whoever runs the demo
        lines = []
        paths = init_course(COURSE_ID, owner, root=self.exchange_root, course_dir=str(self.course_dir),
                            config_dir=self.etc, systemd="no", say=lines.append)
        with open(self.course_dir / "nbgrader_config.py", "a") as fh:  # the instructor's side
            fh.write("# the secure exchange (autograder course init), used by release_assignment and collect\n")
            fh.write("".join(line + "\n" for line in config_lines(self.exchange_root)))
        self.server = start_in_thread(load_config(paths["config"]))
        print(f"[demo] secure exchange for course {COURSE_ID!r} at {paths['course']} (service answering as "
              f"{owner!r}); {len(EXCHANGE_STUDENTS)} temporary Unix users: "
              + ", ".join(self.ids[s] for s in EXCHANGE_STUDENTS))
        return None

    def env(self, user):
        home = self.users.home(user)
        return {"HOME": home, "USER": user, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                "PYTHONPATH": self.lu.python_path(), "PYTHONDONTWRITEBYTECODE": "1",
                "JUPYTER_CONFIG_DIR": os.path.join(home, ".jupyter"), "JUPYTER_CONFIG_PATH": self.etc,
                "JUPYTER_DATA_DIR": os.path.join(home, ".local", "share", "jupyter"),
                "JUPYTER_RUNTIME_DIR": os.path.join(home, ".runtime"), **self.python_env}

    def nbgrader_as(self, user, *args):
        return self.lu.run_as(user, [self.python, "-m", "nbgrader", *args], self.env(user), self.users.home(user),
                              timeout=600)

    def hand_in(self, assignments, plans):
        """Release every assignment into the exchange; each student fetches, answers, submits; collect."""
        print(f"[demo] release_assignment into the exchange: {', '.join(assignments)}")
        self.lu.parallel(*[lambda a=a: coursework.nbgrader(self.course_dir, "release_assignment", a)
                           for a in assignments], workers=2)
        print(f"[demo] {', '.join(EXCHANGE_STUDENTS)} run nbgrader fetch_assignment and nbgrader submit "
              "as their own Unix users")
        self.lu.parallel(*[lambda s=s: self._student(s, assignments, plans) for s in EXCHANGE_STUDENTS])
        print("[demo] nbgrader collect (the instructor) for every assignment")
        collected = self.lu.parallel(*[lambda a=a: coursework.nbgrader(self.course_dir, "collect", a)
                                       for a in assignments], workers=2)
        for assignment, proc in zip(assignments, collected):
            for student in EXCHANGE_STUDENTS:
                stamp_file = self.course_dir / "submitted" / self.ids[student] / assignment / "timestamp.txt"
                if not stamp_file.is_file() or stamp_file.read_text() != self.stamps[student, assignment]:
                    raise RuntimeError(f"nbgrader collect {assignment}: {self.ids[student]}'s submission is "
                                       f"missing or not the one submitted:\n{proc.stderr[-3000:]}")

    def _student(self, student, assignments, plans):
        user = self.ids[student]
        pw = pwd.getpwnam(user)
        for assignment in assignments:
            self.nbgrader_as(user, "fetch_assignment", assignment, "--course", COURSE_ID)
            # the student's answers (the fixture's), written into the fetched notebook as the student's file
            path = os.path.join(self.users.home(user), assignment, f"{assignment}.ipynb")
            nbformat.write(coursework.student_notebook(self.course_dir, assignment, plans[assignment][student]), path)
            os.chown(path, pw.pw_uid, pw.pw_gid)
            out = self.nbgrader_as(user, "submit", assignment, "--course", COURSE_ID).stderr
            line = [ln for ln in out.splitlines() if "Submitted as: " in ln][-1]
            self.stamps[student, assignment] = line.split("Submitted as: ")[1].split(" ", 2)[2].strip()

    def print_summary(self, assignments):
        print("Submitted through the secure exchange (stock nbgrader fetch_assignment + submit as temporary "
              "Unix users, then nbgrader collect; times stamped by the service):")
        width = max(len(a) for a in assignments)
        for student in EXCHANGE_STUDENTS:
            print(f"  {student} as {self.ids[student]} (removed after the demo)")
            for assignment in assignments:
                print(f"      {assignment:{width}}  {self.stamps[student, assignment]}")
        print("  the other students' submissions were copied into submitted/ directly")

    def close(self):
        """Stop the service; remove the users, their homes and the temporary directory. Never raises."""
        try:
            if self.server is not None:
                self.server.shutdown()
                self.server.server_close()
                try:
                    os.unlink(self.server.service.cfg["socket"])
                except OSError:
                    pass
                self.server = None
        finally:
            self.users.cleanup()
            if self._old_sigterm is not None:
                signal.signal(signal.SIGTERM, self._old_sigterm)
                self._old_sigterm = None


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)
