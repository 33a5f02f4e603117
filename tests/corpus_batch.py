"""The batch of tests/test_corpus.py: building it (a course, one student per case), watching the run
(processes left behind, loopback connections), and reading the outcome (gradebook rows, results,
the expected score of each case, the printed summary)."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import hashlib
import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import nbformat
import psutil

from autograder import coursework, fixtures
from test_notebook_faults import FORMAT_CASES

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
ASSIGNMENT = "vector_calculus"
GROUPS = ("tamper", "escape", "resource", "format", "numeric")
WHEN = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)
WELL_BEHAVED = ("aaa-well-behaved", "zzz-well-behaved")  # nbgrader grades in name order: first and last
# Limits for the batch: the course's defaults are longer; these keep the whole corpus to a few minutes.
BATCH_LIMITS = {"call_seconds": 3, "cell_seconds": 6, "submission_seconds": 90, "memory_bytes": 2 * 2**30}
# What nbgrader_config.py needs so that nbgrader reads submissions by autograder.submissions' rules
# (added to the test course only where the repository's configuration does not have it yet).
SUBMISSION_CONFIG = (
    'c.Autograde.exporter_class = "autograder.nbgrader_plugin.submission_hooks.SubmissionExporter"\n'
    'c.Autograde.pre_convert_hook = "autograder.nbgrader_plugin.submission_hooks.before_student"\n'
    'c.Autograde.post_convert_hook = "autograder.nbgrader_plugin.submission_hooks.after_student"\n'
)
CANARY = "written by the test; no sandbox may change it\n"
ANSWER_SERVED = b"def grad_sin_cos(X, Y):\n    return np.cos(X) * np.cos(Y), -np.sin(X) * np.sin(Y)\n"


@dataclasses.dataclass
class Case:
    group: str
    name: str
    student: str
    files: dict  # file name -> bytes, as handed in
    expected: dict | None  # grade_id -> points, or None for "ungradable"
    reason: str = ""  # words the ungradable reason must contain


# ---------------------------------------------------------------------------------- building the batch
def make_batch_course(directory: Path, limits: dict) -> Path:
    course_dir = coursework.make_course(directory)
    extra = f"c.GradeInSandbox.limits = {limits!r}\n"
    if "autograder.nbgrader_plugin.submission_hooks.SubmissionExporter" not in (REPO / "nbgrader_config.py").read_text():
        extra += SUBMISSION_CONFIG
    with open(course_dir / "nbgrader_config.py", "a") as config:
        config.write(extra)
    coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--create")
    return course_dir


def place(course_dir: Path, student: str, files: dict) -> None:
    folder = course_dir / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "timestamp.txt").write_text(WHEN.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))


def correct(course_dir: Path):
    return coursework.student_notebook(course_dir, ASSIGNMENT, None)


def full_marks(course_dir: Path) -> dict:
    from autograder.checking.course import autograded_cells, nbgrader_meta
    source = nbformat.read(str(REPO / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    return {g: float(nbgrader_meta(c)["points"]) for g, c in autograded_cells(source).items()}


def corpus_cases(course_dir: Path, tokens: dict) -> list[Case]:
    cases, full = [], full_marks(course_dir)
    for group in GROUPS:
        if group == "format":
            for name, (build, (outcome, words)) in sorted(FORMAT_CASES.items()):
                files = build(correct(course_dir))
                expected = dict(full) if outcome == "graded" else None
                cases.append(Case(group, name, f"format-{name}", files, expected, words if expected is None else ""))
            continue
        for path in sorted((CORPUS / group).glob("*.py")):
            fixture = fixtures.parse(path)
            for token, value in tokens.items():
                fixture.replacements = [(g, new, s.replace(token, value)) for g, new, s in fixture.replacements]
            nb = coursework.student_notebook(course_dir, ASSIGNMENT, fixture)
            scores = expected_scores(path, fixture)
            expected = {g: scores.get(g, points) for g, points in full.items()}
            cases.append(Case(group, fixture.name, f"{group}-{fixture.name}", {f"{ASSIGNMENT}.ipynb": nbformat.writes(nb).encode()},
                              expected))
    return cases


def expected_scores(path: Path, fixture) -> dict:
    """The case's pinned scores: its own ``# expect:`` line, or, with ``# expect-as: <fixture>``, those of
    the honest submission it mirrors (the same wrong answer without the attack, pinned by the checks'
    authors in tests/submissions), so an attack must score exactly what the plain answer scores."""
    for line in path.read_text().splitlines():
        if line.startswith("# expect-as:"):
            return fixtures.parse(REPO / line.split(":", 1)[1].strip()).scores
        if line.startswith("# %%"):
            break
    return fixture.scores


# ---------------------------------------------------------------------------------- reading the outcome
def gradebook_rows(course_dir: Path) -> dict:
    """Every student's submission as plain data: grades, comments, flag, timestamp (no database ids)."""
    from nbgrader.api import Gradebook
    rows = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            notebooks = {}
            for notebook in submission.notebooks:
                notebooks[notebook.name] = {
                    "flagged": notebook.flagged,
                    "grades": {g.name: [g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade]
                               for g in notebook.grades},
                    "comments": {c.name: [c.auto_comment, c.manual_comment] for c in notebook.comments},
                }
            rows[submission.student_id] = {"timestamp": str(submission.timestamp), "notebooks": notebooks}
    return rows


def row_hash(row: dict) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()[:16]


def result_record(course_dir: Path, student: str) -> dict | None:
    path = course_dir / "results" / ASSIGNMENT / student / f"{ASSIGNMENT}.json"
    return json.loads(path.read_text()) if path.exists() else None


def judge(case: Case, rows: dict, record: dict | None) -> tuple[bool, str]:
    """(as expected?, what differs) for one case."""
    row = rows.get(case.student)
    if row is None or record is None:
        return False, "no gradebook row or no results record (the submission was lost)"
    grades = row["notebooks"][ASSIGNMENT]["grades"]
    if case.expected is None:
        problems = []
        if record["status"] != "ungradable" or case.reason not in record["reason"]:
            problems.append(f"results say {record['status']!r}: {record['reason']!r}")
        if any(g[0] is not None or not g[3] for g in grades.values()):
            problems.append("the gradebook has automatic scores or no 'needs manual grade'")
        comments = row["notebooks"][ASSIGNMENT]["comments"].values()
        if not row["notebooks"][ASSIGNMENT]["flagged"] or not all(case.reason in (c[0] or "") for c in comments):
            problems.append("the gradebook is not flagged or lacks the reason")
        return not problems, "; ".join(problems)
    if record["status"] != "graded":
        return False, f"results say {record['status']}: {record['reason']}"
    wrong = {g: (grades[g][0], want) for g, want in case.expected.items()
             if grades.get(g, [None])[0] is None or abs(grades[g][0] - want) > 1e-9}
    return not wrong, ", ".join(f"{g}: got {got}, want {want}" for g, (got, want) in wrong.items())


# ---------------------------------------------------------------------------------- watching the run
class Watch:
    """Everything the run starts stays below this test process (a child subreaper), so it can be measured
    (memory) and found afterwards (processes left behind)."""

    def __init__(self):
        self.me = psutil.Process()
        self.before = {p.pid for p in self.me.children(recursive=True)}
        self.peak_pss, self.peak_single, self.peak_processes = 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of the run come to us, not to init
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        ctypes.CDLL(None).prctl(36, 0)

    def descendants(self) -> list:
        return [p for p in self.me.children(recursive=True) if p.pid not in self.before]

    def _sample(self):
        from autograder.isolation import procs
        while not self._stop.wait(0.25):
            try:
                found = [p for p in self.descendants() if p.status() != psutil.STATUS_ZOMBIE]
                table = [procs.Proc(p.pid, 0, 0, 0, p.memory_info().rss, 0.0, 1, False) for p in found]
                self.peak_pss = max(self.peak_pss, procs.proportional_rss(table))
                self.peak_single = max([self.peak_single] + [procs.proportional_rss([p]) for p in table])
                self.peak_processes = max(self.peak_processes, len(found))
            except (psutil.Error, OSError):
                continue

    def left_behind(self) -> list:
        """Processes of the run still alive after it ended (then ended here, by pid, and reaped)."""
        alive = [p for p in self.descendants() if p.status() != psutil.STATUS_ZOMBIE]
        for proc in self.descendants():
            try:
                if proc in alive:
                    proc.kill()
                os.waitpid(proc.pid, 0)
            except (psutil.Error, ChildProcessError, OSError):
                pass
        return alive


def loopback_listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    hits = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            hits.append(time.monotonic())
            connection.sendall(ANSWER_SERVED)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, hits


def run_nbgrader(course_dir: Path, *args: str, timeout: float = 1500) -> subprocess.CompletedProcess:
    return coursework.nbgrader(course_dir, *args, check=False, timeout=timeout)


def summarize(outcome: dict) -> str:
    cases, rows, records = outcome["cases"], outcome["rows"], outcome["records"]
    lines = ["Corpus of hostile and broken submissions, graded in one run of `nbgrader autograde`",
             f"(vector_calculus; limits {BATCH_LIMITS}; isolation: {_isolation()})", "",
             f"{'group':10} {'cases':>5} {'as expected':>12} {'ungradable':>11}",
             f"{'-' * 10} {'-' * 5} {'-' * 12} {'-' * 11}"]
    misses, total = [], [0, 0, 0]
    for group in GROUPS:
        mine = [c for c in cases if c.group == group]
        judged = [(c, *judge(c, rows, records.get(c.student))) for c in mine]
        good = sum(ok for _, ok, _ in judged)
        ungradable = sum(1 for c in mine if (records.get(c.student) or {}).get("status") == "ungradable")
        misses += [f"  {c.group}/{c.name}: {why}" for c, ok, why in judged if not ok]
        lines.append(f"{group:10} {len(mine):5d} {good:12d} {ungradable:11d}")
        total = [total[0] + len(mine), total[1] + good, total[2] + ungradable]
    lines += [f"{'total':10} {total[0]:5d} {total[1]:12d} {total[2]:11d}", ""]
    lines.append("Ungradable, with the reason recorded in the gradebook (comment, flag) and results/:")
    for case in cases:
        record = records.get(case.student) or {}
        if record.get("status") == "ungradable":
            lines.append(f"  {case.group}/{case.name}: {record['reason']}")
    lost = [s for s in [c.student for c in cases] + list(WELL_BEHAVED) if s not in rows or records.get(s) is None]
    aborted = int(outcome["result"].returncode != 0) + len(lost)
    changed = [s for s in WELL_BEHAVED if row_hash(rows.get(s, {})) != row_hash(outcome["clean_rows"].get(s, {}))]
    longest = max((r.get("seconds", 0.0), s) for s, r in records.items() if r)
    watch = outcome["watch"]
    lines += [
        "",
        f"batch aborts:                    {aborted} (nbgrader exit code {outcome['result'].returncode}, "
        f"{len(lost)} submission(s) without a gradebook row or result)",
        f"other students' rows changed:    {len(changed)} of {len(WELL_BEHAVED)} (sha256 of each row, compared with a "
        "run without the corpus: " + ", ".join(f"{s} {row_hash(rows.get(s, {}))}" for s in WELL_BEHAVED) + ")",
        f"processes left behind:           {len(outcome['left'])}",
        f"escapes: loopback connections    {len(outcome['hits'])}; canary file "
        f"{'unchanged' if (outcome['course'] / 'escape-canary.txt').read_text() == CANARY else 'CHANGED'}",
        f"peak memory:                     {watch.peak_pss / 2**30:.2f} GiB for all grading processes together "
        f"(PSS, sampled every 0.25 s); {watch.peak_single / 2**30:.2f} GiB for the largest single process",
        f"most processes at once:          {watch.peak_processes}",
        f"longest submission:              {longest[0]:.1f} s ({longest[1]})",
        f"whole batch:                     {outcome['seconds']:.0f} s for {len(cases) + len(WELL_BEHAVED)} submissions "
        f"(load average about {outcome['load']:.1f} on {os.cpu_count()} cores during the run; nbgrader grades one "
        "submission at a time, so other work on the machine stretches this)",
    ]
    if misses:
        lines += ["", "NOT as expected:"] + misses
    return "\n".join(lines) + "\n"


def _isolation() -> str:
    from autograder.isolation import levels
    return levels.probe().level
