"""Benchmark: stock ``nbgrader autograde`` against ``autograder grade --jobs 2`` on N submissions.

    .venv/bin/python benchmarks/grade_benchmark.py --n 50 200 1000 --stock-max 200

For each N it builds N realistic submissions of ``vector_calculus`` (the full solution notebook with
its four plots; most correct, many with one of the fixture mistakes, a few hostile ones, one in
fifty with a deleted test cell), places the very same files in two course directories, and times:

- stock: ``nbgrader autograde`` in a course whose nbgrader_config.py is stock nbgrader (kernel
  execution, no checks of ours, nothing of this repository's configuration);
- ours: ``autograder grade --jobs 2`` in a course with this repository's configuration.

It prints seconds per submission (wall) and CPU seconds per submission (every process of the run,
sandboxes and kernels included, from the kernel's accounting of waited-for children), the
throughput ratio, the overhead per submission beyond the student's own code (measured by running
the same cells in a bare Python process, figures rendered as Jupyter's inline backend does), and
the peak memory (RSS) of the grading process, of its workers and of its sandboxes or kernels.
For N above --stock-max, stock is not run: its per-submission figures are taken from the largest
N it ran at (said so in the table). The machine is shared: wall figures move with its load, which
is printed with each run; the CPU figures do not.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("AUTOGRADER_COURSE_SECRET", "benchmark-secret")

from autograder import coursework, fixtures  # noqa: E402
from autograder.checking.course import is_test_cell, nbgrader_meta  # noqa: E402

ASSIGNMENT = "vector_calculus"
VENV_BIN = Path(sys.executable).parent
STOCK_CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "mml"
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
"""
BARE_RUNNER = r"""
import json, os, resource, sys, time, io, contextlib
os.environ["MPLBACKEND"] = "Agg"
cells = json.load(open(sys.argv[1]))
render = sys.argv[2] == "render"
ns = {"__name__": "__main__"}
wall, cpu = time.perf_counter(), time.process_time()
for source in cells:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(compile(source, "<cell>", "exec"), ns)
        except BaseException:
            pass
        if render and "matplotlib.pyplot" in sys.modules:
            plt = sys.modules["matplotlib.pyplot"]
            for number in plt.get_fignums():
                plt.figure(number).savefig(io.BytesIO(), format="png", bbox_inches="tight")
            plt.close("all")
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


# ------------------------------------------------------------------------------------------ submissions
def plan(n: int) -> list:
    """N submissions: (student, fixture or None, tamper): 55% correct, 40% a mistake or an alternative,
    3% hostile, 2% with a deleted test cell."""
    found = fixtures.discover(REPO / "tests" / "submissions" / ASSIGNMENT)
    hostile = [f for f in found if "hostile" in f.name]
    others = [f for f in found if f not in hostile]
    rows = []
    for i in range(n):
        r = i % 100
        if r < 55:
            rows.append((None, False))
        elif r < 95:
            rows.append((others[(i * 7) % len(others)], False))
        elif r < 98:
            rows.append((hostile[i % len(hostile)], False))
        else:
            rows.append((None, True))
    return [(f"s{i:05d}", fixture, tamper) for i, (fixture, tamper) in enumerate(rows)]


def tamper(nb):
    """A deleted test cell. (Not a duplicated one: stock nbgrader 0.9.6 refuses a duplicated test cell
    with SchemaTooOldError, which aborts the whole `nbgrader autograde` run, not just that student.)"""
    nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != "test_gaussian"]
    return nb


def make_courses(base: Path) -> tuple[Path, Path]:
    ours = coursework.make_course(base / "ours")
    coursework.nbgrader(ours, "generate_assignment", ASSIGNMENT, "--create")
    stock = base / "stock"
    stock.mkdir()
    for name in ("assignments", "reference"):
        (stock / name).symlink_to(REPO / name, target_is_directory=True)
    (stock / "nbgrader_config.py").write_text(STOCK_CONFIG.format(root=str(stock)))
    coursework.nbgrader(stock, "generate_assignment", ASSIGNMENT, "--create")
    return ours, stock


def submit_all(ours: Path, stock: Path, rows: list) -> dict:
    """Write each submission once per course (the same bytes); returns fixture name -> its notebook."""

    cache, when = {}, datetime.datetime(2026, 5, 1, tzinfo=datetime.timezone.utc)
    for course_dir in (ours, stock):
        shutil.rmtree(course_dir / "submitted", ignore_errors=True)
        for folder in ("autograded", "results", "feedback"):
            shutil.rmtree(course_dir / folder, ignore_errors=True)
        (course_dir / "gradebook.db").unlink(missing_ok=True)
    for course_dir in (ours, stock):  # a fresh gradebook with the assignment, as after generate_assignment
        coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--force")
    for student, fixture, tampered in rows:
        key = (fixture.name if fixture else "solution") + ("+tampered" if tampered else "")
        if key not in cache:
            nb = coursework.student_notebook(ours, ASSIGNMENT, fixture)
            cache[key] = tamper(nb) if tampered else nb
        folder = coursework.submit(ours, student, ASSIGNMENT, cache[key], when=when)
        target = stock / "submitted" / student / ASSIGNMENT
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target)
    return cache


# ------------------------------------------------------------------------------------------ measuring
def student_code_seconds(notebooks: dict, rows: list, render: bool, most: int = 16) -> dict:
    """Mean wall and CPU seconds of the students' own cells, run in a bare Python process, weighted by
    how many submissions use each notebook (the `most` most used ones are measured)."""
    import collections

    keys = [(fixture.name if fixture else "solution") + ("+tampered" if tampered else "") for _, fixture, tampered in rows]
    chosen = [key for key, _ in collections.Counter(keys).most_common(most)]
    measured = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key in chosen:
            nb = notebooks[key]
            cells = [c.source for c in nb.cells if c.cell_type == "code" and not is_test_cell(c)]
            path = Path(tmp) / "cells.json"
            path.write_text(json.dumps(cells))
            runs = []
            for _ in range(2):
                out = subprocess.run([sys.executable, "-c", BARE_RUNNER, str(path), "render" if render else "plain"],
                                     capture_output=True, text=True, timeout=300, cwd=tmp)
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            measured[key] = {"wall": min(r["wall"] for r in runs), "cpu": min(r["cpu"] for r in runs)}
    keys = [key for key in keys if key in measured]
    return {k: statistics.fmean(measured[key][k] for key in keys) for k in ("wall", "cpu")}


class TreeSampler(threading.Thread):
    """Peak RSS of a process and its descendants, split into the main process, its workers, and the
    sandboxes or kernels (processes running student code), and the CPU time of all of them, sampled
    every 0.05 s. CPU is summed per process from its last sample: the kernel's accounting of waited-for
    children misses the sandboxes (bwrap's PID-namespace init is never waited for by its parent)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.stop_event = pid, interval, threading.Event()
        self.peak = {"main": 0, "workers": 0, "student": 0, "total": 0, "per_worker": 0}
        self.cpu: dict = {}  # (pid, create_time) -> (kind, user + system seconds at the last sample)

    def cpu_by_kind(self) -> dict:
        totals = {"main": 0.0, "workers": 0.0, "student": 0.0}
        for kind, seconds in self.cpu.values():
            totals[kind] += seconds
        totals["total"] = sum(totals.values())
        return totals

    def run(self):
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stop_event.is_set():
            try:
                sample = {"main": root.memory_info().rss, "workers": 0, "student": 0, "per_worker": 0}
                times = root.cpu_times()
                self.cpu[(root.pid, root.create_time())] = ("main", times.user + times.system)
                for child in root.children(recursive=True):
                    try:
                        with child.oneshot():
                            cmd = " ".join(child.cmdline())
                            rss = child.memory_info().rss
                            times = child.cpu_times()
                            key = (child.pid, child.create_time())
                    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                        continue
                    student = ("autograder.sandbox.runner" in cmd or "ipykernel" in cmd or "bwrap" in cmd
                               or "setpriv" in cmd)
                    self.cpu[key] = ("student" if student else "workers", times.user + times.system)
                    if student:
                        sample["student"] += rss
                    else:
                        sample["workers"] += rss
                        sample["per_worker"] = max(sample["per_worker"], rss)
                sample["total"] = sample["main"] + sample["workers"] + sample["student"]
                for key, value in sample.items():
                    self.peak[key] = max(self.peak[key], value)
            except psutil.NoSuchProcess:
                return
            self.stop_event.wait(self.interval)


def timed(command: list, cwd: Path, timeout: float) -> dict:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    finally:
        sampler.stop_event.set()
        sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):  # 1: some submission failed (stock: an error for that student)
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stdout[-2000:]}\n{stderr[-4000:]}")
    return {"wall": wall, "returncode": process.returncode, "cpu_rusage": cpu, "cpu_by_kind": sampler.cpu_by_kind(),
            "cpu": max(cpu, sampler.cpu_by_kind()["total"]), "peak": sampler.peak, "load_before": load, "load_after": os.getloadavg()[0],
            "stdout": stdout}


def run_stock(stock: Path, timeout: float) -> dict:
    result = timed([str(VENV_BIN / "nbgrader"), "autograde", ASSIGNMENT], stock, timeout)
    result["graded"] = sum(1 for _ in (stock / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"))
    return result


def run_ours(ours: Path, jobs: int, timeout: float) -> dict:
    summary = ours / "grade-summary.json"
    result = timed([str(VENV_BIN / "autograder"), "grade", ASSIGNMENT, "--jobs", str(jobs), "--no-progress",
                    "--json", str(summary)], ours, timeout)
    result["summary"] = json.loads(summary.read_text())
    return result


def gradebook_scores(course_dir: Path) -> list:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        return sorted((s.student_id, s.score) for s in gradebook.find_assignment(ASSIGNMENT).submissions)


# ------------------------------------------------------------------------------------------ main
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stock-max", type=int, default=200, help="largest N stock nbgrader runs at (extrapolated above)")
    parser.add_argument("--workdir", help="where the two courses are made (default: a temporary directory)")
    parser.add_argument("--json", help="write every figure as JSON here")
    parser.add_argument("--stock-from", help="take stock's figures from this earlier --json output (largest N in it)")
    args = parser.parse_args(argv)

    base = Path(args.workdir or tempfile.mkdtemp(prefix="autograder-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    print(f"[bench] courses in {base}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}", flush=True)
    ours, stock = make_courses(base)
    report, stock_ref = [], None
    if args.stock_from:
        earlier = [e for e in json.loads(Path(args.stock_from).read_text()) if "stock" in e]
        if earlier:
            best = max(earlier, key=lambda e: e["n"])
            stock_ref = (best["n"], best["stock"])
    for n in args.n:
        rows = plan(n)
        notebooks = submit_all(ours, stock, rows)
        code = student_code_seconds(notebooks, rows, render=True)
        code_plain = student_code_seconds(notebooks, rows, render=False)
        entry = {"n": n, "student_code": code, "student_code_without_rendering": code_plain}
        print(f"[bench] N={n}: student code {code['wall']:.3f} s wall, {code['cpu']:.3f} s CPU per submission "
              f"({code_plain['wall']:.3f} s without rendering figures)", flush=True)
        if n <= args.stock_max:
            entry["stock"] = run_stock(stock, timeout=60 * 60)
            entry["stock"].pop("stdout")
            stock_ref = (n, entry["stock"])
            print(f"[bench] N={n}: stock {entry['stock']['wall']:.1f} s, {entry['stock']['graded']} of {n} graded "
                  f"(exit code {entry['stock']['returncode']})", flush=True)
        entry["ours"] = run_ours(ours, args.jobs, timeout=60 * 60)
        entry["ours"].pop("stdout")
        print(f"[bench] N={n}: ours {entry['ours']['wall']:.1f} s", flush=True)
        entry["stock_from"] = stock_ref[0] if stock_ref else None
        report.append(entry)
        print_table(report, args.jobs, stock_ref)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, default=str))
    return 0


def print_table(report: list, jobs: int, stock_ref) -> None:
    mib = 1024 ** 2
    print()
    print(f"{'N':>5} | {'stock s/sub':>11} {'CPU s/sub':>9} | {'ours s/sub':>10} {'CPU s/sub':>9} | {'speed-up':>8} | "
          f"{'student code':>12} | {'overhead/sub':>22} | {'peak RSS MiB main/workers/sandboxes':>36} | stock peak MiB")
    for e in report:
        n, ours = e["n"], e["ours"]
        stock = e.get("stock")
        ref_n, ref = (n, stock) if stock else (e["stock_from"], dict(stock_ref[1]) if stock_ref else None)
        if ref is None:  # no stock figures yet: ours only
            ref_n, ref = 1, {"wall": float("nan"), "cpu": float("nan"), "peak": {"main": 0, "student": 0},
                             "cpu_by_kind": {"main": float("nan"), "student": float("nan"), "workers": float("nan")}}
        stock_wall, stock_cpu = ref["wall"] / ref_n, ref["cpu"] / ref_n
        ours_wall, ours_cpu = ours["wall"] / n, ours["cpu"] / n
        code = e["student_code"]
        overhead_cpu = ours_cpu - code["cpu"]
        worker = statistics.fmean(ours["summary"]["worker_seconds"]) if ours["summary"]["worker_seconds"] else 0.0
        overhead_wall = worker - code["wall"]
        p = ours["peak"]
        mark = "" if stock else f" (N={ref_n})"
        print(f"{n:>5} | {stock_wall:>11.3f} {stock_cpu:>9.3f} | {ours_wall:>10.3f} {ours_cpu:>9.3f} | "
              f"{stock_wall / ours_wall:>7.1f}x | {code['wall']:>5.3f}/{code['cpu']:.3f} | "
              f"{1000 * overhead_cpu:>6.0f} ms CPU {1000 * overhead_wall:>6.0f} ms wall | "
              f"{p['main'] / mib:>8.0f} / {p['workers'] / mib:>6.0f} / {p['student'] / mib:>6.0f}"
              f" (worker max {p['per_worker'] / mib:.0f}) | {ref['peak']['main'] / mib:.0f}/{ref['peak']['student'] / mib:.0f}{mark}")
        s = ours["summary"]
        stages = ", ".join(f"{k} {1000 * v / max(1, s['processed']):.0f} ms" for k, v in sorted(s["timings"].items()))
        print(f"      ours: {s['graded']} graded, {len(s['ungradable'])} ungradable, {len(s['failed'])} failed; "
              f"per submission on a worker {1000 * worker:.0f} ms ({stages}); recording "
              f"{1000 * s['writer_seconds'] / max(1, s['processed']):.0f} ms; load {ours['load_before']:.1f}->"
              f"{ours['load_after']:.1f}" + (f"; stock load {stock['load_before']:.1f}->{stock['load_after']:.1f}" if stock else
                                             f"; stock extrapolated from N={ref_n}"))
        k, r = ours["cpu_by_kind"], ref["cpu_by_kind"]
        print(f"      CPU per submission: ours main {k['main'] / n:.3f} + workers {k['workers'] / n:.3f} + sandboxes "
              f"{k['student'] / n:.3f} s; stock nbgrader {r['main'] / ref_n:.3f} + kernels {r['student'] / ref_n:.3f} "
              f"+ other {r['workers'] / ref_n:.3f} s")
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
