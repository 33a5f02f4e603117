"""Where the time of ``autograder grade`` goes: py-spy over every process of one run.

    .venv/bin/pip install -e ".[bench]"        # py-spy
    .venv/bin/python benchmarks/profile_grade.py --n 20

Builds N submissions of ``vector_calculus`` exactly as grade_benchmark.py does, runs
``autograder grade --jobs 1`` under ``py-spy record --subprocesses`` (every Python process
of the run: the main process, the worker, each sandbox), and prints, per kind of process, the
share of samples, then the functions that take the most samples inclusively (a function and what
it calls) and by themselves. py-spy samples only running threads (no ``--idle``), so the tables
show where CPU goes, not waiting. The raw collapsed stacks are kept (``--keep``) for flame graphs.
"""
from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grade_benchmark as bench  # noqa: E402


def kind_of(stack: list[str]) -> str:
    """Which process a collapsed stack came from: py-spy puts 'process PID:"command line"' first (the
    sandbox's command line holds semicolons, so its head spans several frames)."""
    head = ";".join(stack[:6])
    if "autograder.sandbox.runner" in head:
        return "sandbox"
    if "resource_tracker" in head:
        return "tracker"
    if "spawn_main" in head:
        return "worker"
    return "main"


def parse(path: Path):
    """Yield (stack frames, count) from py-spy's raw (collapsed) output."""
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            yield frames.split(";"), int(count)


def frame_name(frame: str) -> str:
    """'grade_notebook (autograder/checking/grade.py:80)' -> 'grade_notebook (autograder/checking/grade.py)'."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/lib/python3.11/", str(bench.REPO) + "/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{name} ({where})" if where else name


# leaf frames where a thread waits in a system call that py-spy cannot tell from running
WAITING = ("_read_exact", "CappedDrain.run", "Sandbox._receive", "Condition.wait", "Event.wait",
           "_PollLikeSelector.select", "select", "Connection._send", "Connection._recv")
# (kind, a frame on the stack) -> what it is; the first match wins, in this order
CATEGORIES = [
    ("sandbox", "Notebook.call", "sandbox: the checks' calls of student functions"),
    ("sandbox", "figure_outputs", "sandbox: rendering the student's figures (PNG)"),
    ("sandbox", "run_cell", "sandbox: the student's cells (imports included)"),
    ("sandbox", "_send", "sandbox: encoding replies"),
    ("sandbox", "", "sandbox: start-up (runner imports) and protocol"),
    ("worker", "Monitor.", "worker: sandbox monitor thread"),
    ("worker", "procs.py", "worker: sandbox monitor thread"),
    ("worker", "grade_notebook", "worker: grading (checks, sandbox requests, test-cell outputs)"),
    ("worker", "grade_task", "worker: nbgrader preprocessors, notebook I/O"),
    ("worker", "", "worker: start-up (imports, once per worker)"),
    ("main", "record", "main: gradebook and files (writer)"),
    ("main", "", "main: start-up, scheduling, progress"),
    ("tracker", "", "multiprocessing resource tracker"),
]


def categorize(kind: str, names: list[str]) -> str:
    for category_kind, marker, label in CATEGORIES:
        if category_kind == kind and (not marker or any(n.startswith(marker) or marker in n for n in names)):
            return label
    return f"{kind}: other"


def summarize(path: Path, n: int, rate: int, top: int) -> str:
    """A table of milliseconds per submission by category, then the busiest functions per kind."""
    by_category, waiting = collections.Counter(), collections.Counter()
    busy = collections.Counter()
    inclusive: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    own: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for stack, count in parse(path):
        kind = kind_of(stack)
        names = [frame_name(f) for f in stack if f.endswith(")") and " (" in f and not f.startswith("process ")]
        if not names:
            continue
        if names[-1].split(" (")[0] in WAITING:
            waiting[kind] += count
            continue
        busy[kind] += count
        by_category[categorize(kind, names)] += count
        for name in set(names):
            inclusive[kind][name] += count
        own[kind][names[-1]] += count
    per_sub = 1000.0 / rate / n
    out = [f"ms per submission (py-spy samples of running threads; {n} submissions, {rate} Hz):"]
    for label, count in by_category.most_common():
        out.append(f"  {count * per_sub:8.1f}  {label}")
    out.append(f"  {sum(by_category.values()) * per_sub:8.1f}  total")
    out.append("  (waiting in a read or select, not counted: " +
               ", ".join(f"{k} {v * per_sub:.0f}" for k, v in waiting.most_common()) + ")")
    for kind in ("worker", "sandbox", "main"):
        if not busy[kind]:
            continue
        out.append(f"\n{kind}: inclusive (% of this kind's samples)")
        out += [f"  {100 * c / busy[kind]:5.1f} %  {name}" for name, c in inclusive[kind].most_common(top)]
        out.append(f"{kind}: by itself")
        out += [f"  {100 * c / busy[kind]:5.1f} %  {name}" for name, c in own[kind].most_common(top // 2)]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--rate", type=int, default=200, help="samples per second per process")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--keep", help="copy the raw collapsed stacks here")
    args = parser.parse_args(argv)
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        print("py-spy is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="autograder-profile-"))
    ours, stock = bench.make_courses(base)
    bench.submit_all(ours, stock, bench.plan(args.n))
    raw = base / "profile.txt"
    command = [str(py_spy), "record", "--subprocesses", "--format", "raw", "--rate", str(args.rate),
               "--output", str(raw), "--", str(bench.VENV_BIN / "autograder"), "grade", bench.ASSIGNMENT,
               "--jobs", "1", "--no-progress"]
    env = {**os.environ, "PATH": f"{bench.VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(command, cwd=ours, env=env, capture_output=True, text=True, timeout=3600)
    if not raw.exists():
        print(f"py-spy wrote no profile (exit {run.returncode}):\n{run.stderr[-3000:]}", file=sys.stderr)
        return 1
    print(f"[profile] N={args.n}, autograder grade --jobs 1 under py-spy ({args.rate} Hz); exit {run.returncode}; "
          f"load {os.getloadavg()[0]:.1f}")
    print(summarize(raw, args.n, args.rate, args.top))
    print("[profile] autograder grade said:\n" + run.stdout[-1500:] + run.stderr[-1500:])
    if args.keep:
        Path(args.keep).write_text(raw.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
