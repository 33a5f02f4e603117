"""The corpus of hostile and broken submissions, graded in ONE run of the real ``nbgrader autograde``.

Every case of ``tests/corpus/<group>/`` and every format fault of ``tests/test_notebook_faults.py`` is
handed in by a student of its own, with two well-behaved students graded first and last. The run must
end normally, every case must score exactly as its header says (or be recorded as ungradable with its
reason), the well-behaved students' gradebook rows must hash the same as in a run without the corpus,
no process may outlive the run, and no escape may succeed (a canary file, a 127.0.0.1 listener). The
summary is printed (``pytest -m slow tests/test_corpus.py -s``) and written to
``test-artifacts/corpus-summary.txt``.

The second half kills a run with SIGKILL halfway and runs it again, and grades a submission twice.
"""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder import coursework, fixtures
from test_notebook_faults import FORMAT_CASES

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Non-unique cell id")]  # duplicated on purpose
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


# ---------------------------------------------------------------------------------- the batch
@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    reference = make_batch_course(tmp_path_factory.mktemp("well-behaved-only"), BATCH_LIMITS)
    for student in WELL_BEHAVED:
        place(reference, student, {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(reference)).encode()})
    assert run_nbgrader(reference, "autograde", ASSIGNMENT).returncode == 0
    clean_rows = gradebook_rows(reference)

    course_dir = make_batch_course(tmp_path_factory.mktemp("corpus"), BATCH_LIMITS)
    (course_dir / "escape-canary.txt").write_text(CANARY)
    server, hits = loopback_listener()
    tokens = {"__COURSE_DIR__": str(course_dir), "__REPO__": str(REPO), "__LOOPBACK_PORT__": str(server.getsockname()[1])}
    cases = corpus_cases(course_dir, tokens)
    for student in WELL_BEHAVED:
        place(course_dir, student, {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(course_dir)).encode()})
    for case in cases:
        place(course_dir, case.student, case.files)
    with Watch() as watch:
        start, load_before = time.monotonic(), os.getloadavg()[1]
        result = run_nbgrader(course_dir, "autograde", ASSIGNMENT)
        seconds, load = time.monotonic() - start, (load_before + os.getloadavg()[1]) / 2
        left = watch.left_behind()
    server.close()
    rows = gradebook_rows(course_dir)
    outcome = {
        "course": course_dir, "cases": cases, "result": result, "seconds": seconds, "load": load, "rows": rows,
        "clean_rows": clean_rows, "left": left, "hits": hits, "watch": watch,
        "records": {s: result_record(course_dir, s) for s in [c.student for c in cases] + list(WELL_BEHAVED)},
    }
    outcome["summary"] = summarize(outcome)
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "corpus-summary.txt").write_text(outcome["summary"])
    (artifacts / "corpus-nbgrader.log").write_text(result.stdout + result.stderr)
    print("\n" + outcome["summary"])
    return outcome


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


def test_the_batch_ends_normally_and_loses_nothing(batch):
    assert batch["result"].returncode == 0, batch["result"].stderr[-3000:]
    for case in batch["cases"]:
        assert case.student in batch["rows"] and batch["records"][case.student] is not None, case.student


@pytest.mark.parametrize("group", GROUPS)
def test_every_case_scores_exactly_as_expected(batch, group):
    misses = [f"{c.name}: {why}" for c in batch["cases"] if c.group == group
              for ok, why in [judge(c, batch["rows"], batch["records"].get(c.student))] if not ok]
    assert misses == []


def test_other_students_rows_are_unchanged(batch):
    for student in WELL_BEHAVED:
        assert row_hash(batch["rows"][student]) == row_hash(batch["clean_rows"][student])


def test_no_process_is_left_behind_and_no_escape_succeeds(batch):
    assert batch["left"] == []
    assert batch["hits"] == []
    assert (batch["course"] / "escape-canary.txt").read_text() == CANARY


def test_huge_output_is_stored_capped_and_marked(batch):
    sizes = {p.parent.parent.name: p.stat().st_size for p in (batch["course"] / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb")}
    assert max(sizes.values()) < 4 * 2**20, max(sizes.items(), key=lambda kv: kv[1])
    huge = batch["course"] / "autograded" / "resource-classify_critical_point-pass-huge_output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert "output truncated by the autograder" in huge.read_text()


# ---------------------------------------------------------------------------------- killed halfway, resumed
RESUME_STUDENTS = {
    "s1-correct": None,
    "s2-forward-formula": "tests/submissions/vector_calculus/central_difference-fail-forward_formula.py",
    "s3-endless-loop": "tests/corpus/resource/gaussian-fail-endless_loop_in_the_function.py",
    "s4-correct": None,
    "s5-invalid-json": "invalid_json",
    "s6-h-instead-of-2h": "tests/submissions/vector_calculus/central_difference-fail-h_instead_of_2h.py",
}
RESUME_LIMITS = {**BATCH_LIMITS, "submission_seconds": 60}


def _resume_course(directory: Path) -> Path:
    course_dir = make_batch_course(directory, RESUME_LIMITS)
    for student, source in RESUME_STUDENTS.items():
        if source is None:
            files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(correct(course_dir)).encode()}
        elif source in FORMAT_CASES:
            files = FORMAT_CASES[source][0](correct(course_dir))
        else:
            nb = coursework.student_notebook(course_dir, ASSIGNMENT, fixtures.parse(REPO / source))
            files = {f"{ASSIGNMENT}.ipynb": nbformat.writes(nb).encode()}
        place(course_dir, student, files)
    return course_dir


def _autograde_in_background(course_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.Popen([str(Path(sys.executable).parent / "nbgrader"), "autograde", ASSIGNMENT], cwd=course_dir,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_run_killed_halfway_resumes_to_the_same_gradebook(tmp_path_factory):
    uninterrupted = _resume_course(tmp_path_factory.mktemp("uninterrupted"))
    assert run_nbgrader(uninterrupted, "autograde", ASSIGNMENT).returncode == 0
    expected = gradebook_rows(uninterrupted)

    course_dir = _resume_course(tmp_path_factory.mktemp("killed"))
    victim = "s3-endless-loop"  # grading it takes several seconds: the kill lands in the middle of it
    marker = course_dir / "results" / ASSIGNMENT / victim / ".grading"
    with Watch() as watch:
        run = _autograde_in_background(course_dir)
        deadline = time.monotonic() + 600
        while not marker.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)
        assert run.poll() is None, "the run ended before it could be killed"
        os.kill(run.pid, signal.SIGKILL)
        run.communicate()
        time.sleep(0.5)
        assert watch.left_behind() == []  # the sandboxes died with the grader
    finished = {s: (course_dir / "autograded" / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns
                for s in ("s1-correct", "s2-forward-formula")}
    assert marker.exists() and not (course_dir / "results" / ASSIGNMENT / "s4-correct").exists()

    resumed = run_nbgrader(course_dir, "autograde", ASSIGNMENT)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    log = resumed.stdout + resumed.stderr
    assert f"{victim}/{ASSIGNMENT} was being graded when an earlier run stopped" in log
    skipped = [line for line in log.splitlines() if "Skipping existing assignment" in line]
    for student, mtime in finished.items():  # kept, not graded again
        assert (course_dir / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mtime_ns == mtime
        assert any(line.endswith(f"autograded/{student}/{ASSIGNMENT}") for line in skipped), student
    assert gradebook_rows(course_dir) == expected
    assert not marker.exists()


def test_grading_the_same_submission_twice_gives_identical_scores_and_feedback(tmp_path_factory):
    course_dir = _resume_course(tmp_path_factory.mktemp("twice"))
    feedback, rows, notebooks = [], [], []
    for attempt in range(2):
        assert run_nbgrader(course_dir, "autograde", ASSIGNMENT, "--force").returncode == 0
        assert run_nbgrader(course_dir, "generate_feedback", ASSIGNMENT, "--force").returncode == 0
        rows.append(gradebook_rows(course_dir))
        feedback.append({p.relative_to(course_dir): p.read_bytes() for p in (course_dir / "feedback").rglob("*.html")})
        notebooks.append({p.relative_to(course_dir): p.read_bytes() for p in (course_dir / "autograded").rglob("*.ipynb")})
    assert rows[0] == rows[1]
    assert feedback[0].keys() == feedback[1].keys() and len(feedback[0]) == len(RESUME_STUDENTS)
    assert [k for k in feedback[0] if feedback[0][k] != feedback[1][k]] == []
    assert [k for k in notebooks[0] if notebooks[0][k] != notebooks[1][k]] == []
