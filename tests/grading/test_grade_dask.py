"""`autograder grade --scheduler`: a real Dask scheduler and two workers on 127.0.0.1 grade the
submissions; the results come back to the one writer, which is the only process with the gradebook."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grading_helpers import ASSIGNMENT, grade, gradebook_rows, sqlite_url, stop_group, submit_fixture, wait_for

pytestmark = pytest.mark.slow
DASK = str(Path(sys.executable).parent / "dask")


@pytest.fixture
def cluster(tmp_path):
    """`dask scheduler` and two `dask worker` processes (no nanny: each is one process), stopped by PID."""
    scheduler_file = tmp_path / "scheduler.json"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    started = []

    def start(name, *args):
        log = open(logs / f"{name}.log", "w")
        process = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                   cwd=tmp_path)
        started.append(process)
        return process

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(scheduler_file), "--idle-timeout", "600")
        wait_for(lambda: scheduler_file.exists() and scheduler_file.stat().st_size > 0, 60, "the Dask scheduler")
        address = json.loads(scheduler_file.read_text())["address"]
        workers = [start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                         "--host", "127.0.0.1", "--local-directory", str(tmp_path / f"worker{i}"),
                         "--death-timeout", "120")
                   for i in range(2)]

        from distributed import Client

        with Client(address, timeout=60) as client:
            wait_for(lambda: len(client.scheduler_info()["workers"]) == 2, 90, "two Dask workers")
        yield address, [w.pid for w in workers]
    finally:
        for process in reversed(started):
            stop_group(process)


def test_grading_on_a_dask_cluster(cluster, clone_course, tmp_path):
    address, worker_pids = cluster
    assert address.startswith("tcp://127.0.0.1:")
    course_dir = clone_course(tmp_path / "course")
    submit_fixture(course_dir, "alice", None)
    submit_fixture(course_dir, "bob", "central_difference-fail-forward_formula")
    submit_fixture(course_dir, "carol", "monkey_saddle-fail-y_not_squared")
    summary_path = tmp_path / "summary.json"
    result = grade(course_dir, ASSIGNMENT, "--scheduler", address, "--json", str(summary_path))
    summary = json.loads(summary_path.read_text())
    assert summary["backend"].startswith(f"Dask cluster at {address} (2 workers")
    assert summary["graded"] == 3 and not summary["failed"]
    used = {int(w.rsplit(":", 1)[1]) for w in summary["workers"]}
    assert used and used <= set(worker_pids), (used, worker_pids)  # graded by the Dask workers, not locally
    rows = gradebook_rows(sqlite_url(course_dir))
    assert rows["alice"]["score"] == 28.0 and rows["bob"]["score"] == 25.5 and rows["carol"]["score"] < 28.0
    assert (course_dir / "autograded" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_mode & 0o777 == 0o444
    assert "3 graded" in result.stdout
