"""What a sandbox start costs, and what a per-worker zygote would cost instead (CPU seconds).

    .venv/bin/python benchmarks/sandbox_start.py          # as root: the zygote runs as an unprivileged uid

1. a fresh interpreter per submission, as today (``autograder.isolation``: bwrap + python + the
   runner's imports), with and without NumPy and Matplotlib imported;
2. a zygote: one process per worker that imported NumPy and Matplotlib once and forks one child per
   submission; the child enters fresh user, PID, mount, network, IPC and UTS namespaces
   (``unshare``) and forks again, so the student's code runs as PID 1 of its own namespace under
   uid 65534 of its own user namespace, in a process no other student's code ever touched.

CPU is read from the kernel's accounting of waited-for children (``os.times``): bwrap is run here
without ``--unshare-pid``, whose namespace init is never waited for and would hide its CPU; the
other namespaces cost the same either way. Wall times on a shared machine move with its load and
are printed only as a hint.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

ZYGOTE = r"""
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
FLAGS = 0x10000000 | 0x20000000 | 0x00020000 | 0x40000000 | 0x08000000 | 0x04000000  # USER PID NS NET IPC UTS
import numpy, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot
uid, runs, cpu, wall = os.getuid(), int(sys.argv[1]), [], []
for _ in range(runs):
    before, start = os.times(), time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if libc.unshare(FLAGS) != 0:
            os._exit(3)
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"65534 {uid} 1\n")
        inner = os.fork()
        if inner == 0:  # PID 1 of a new PID namespace: where a submission's cells would run
            numpy.random.seed()  # a fresh global RNG, as a fresh interpreter would have
            assert os.getpid() == 1 and os.getuid() == 65534
            os._exit(0)
        os._exit(os.waitpid(inner, 0)[1] >> 8)
    status = os.waitpid(pid, 0)[1]
    after = os.times()
    if status:
        print("FAILED", status)
        sys.exit(1)
    cpu.append(after.children_user + after.children_system - before.children_user - before.children_system)
    wall.append(time.perf_counter() - start)
print(sum(cpu) / runs, sorted(wall)[runs // 2])
"""


def children_cpu(command: list, env: dict, runs: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(runs):
        before, start = os.times(), time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        after = os.times()
        cpu.append(after.children_user + after.children_system - before.children_user - before.children_system)
        wall.append(time.perf_counter() - start)
    return sum(cpu) / runs, sorted(wall)[runs // 2]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    mpl = tempfile.mkdtemp(prefix="mpl-")
    os.chmod(mpl, 0o777)
    env = {"PATH": "/usr/bin:/bin", "MPLCONFIGDIR": mpl, "MPLBACKEND": "Agg"}
    python = [sys.executable, "-I", "-c"]
    bwrap = ["bwrap", "--dev-bind", "/", "/", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--new-session",
             "--die-with-parent"]
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs"] if os.geteuid() == 0 else []
    rows = [
        ("fresh sandbox: bwrap + python (runner's imports: numpy)", bwrap + drop + python + ["import numpy"]),
        ("fresh sandbox + numpy + matplotlib.pyplot (preimported)", bwrap + drop + python +
         ["import numpy, matplotlib.pyplot"]),
    ]
    children_cpu(rows[1][1], env, 1)  # warm the font cache
    print(f"{'per submission':60} {'CPU ms':>7} {'wall ms (hint)':>15}")
    for label, command in rows:
        cpu, wall = children_cpu(command, env, runs)
        print(f"{label:60} {1000 * cpu:7.0f} {1000 * wall:15.0f}")
    out = subprocess.run(drop + python + [ZYGOTE, str(runs)], env=env, capture_output=True, text=True, check=True)
    cpu, wall = map(float, out.stdout.split())
    print(f"{'zygote fork + unshare 6 namespaces + fork (numpy, pyplot warm)':60} {1000 * cpu:7.0f} {1000 * wall:15.0f}")
    print(f"(os.times resolution: 10 ms; averages over {runs} runs; load {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
