"""The gradebook on a real PostgreSQL server (a course shared by several graders): nbgrader creates
the assignment in it, `autograder grade` grades into it and, run again, finds what is done there."""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder import coursework
from grading_helpers import ASSIGNMENT, DUE, grade, gradebook_rows, submit_fixture

pytestmark = pytest.mark.slow
BIN = Path("/usr/local/bin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def postgres():
    """A PostgreSQL server of our own: data dir in a temp dir, run as an unprivileged user, no TCP
    listener (a Unix socket in the temp dir, on a private port number), stopped at the end."""
    if not (BIN / "initdb").exists():
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed in /usr/local/bin")
    as_root = os.geteuid() == 0
    user = "nobody" if as_root else pwd.getpwuid(os.geteuid()).pw_name
    prefix = ["runuser", "-u", user, "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="autograder-pg-"))
    if as_root:
        shutil.chown(base, user=user)
    data, port = base / "data", _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    started = False
    try:
        run(str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        run(str(BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60",
            "-o", f"-p {port} -k {base} -c listen_addresses=''", "start")
        started = True
        yield f"postgresql+psycopg://postgres@/postgres?host={base}&port={port}"
    finally:
        if started:
            run(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "60", "stop")
        shutil.rmtree(base, ignore_errors=True)


def test_grading_into_postgres(postgres, tmp_path):
    course_dir = coursework.make_course(tmp_path / "course")
    with open(course_dir / "nbgrader_config.py", "a") as handle:
        handle.write(f"c.CourseDirectory.db_url = {postgres!r}\n")
    coursework.nbgrader(course_dir, "db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE.isoformat()}")
    coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--create")
    submit_fixture(course_dir, "alice", None)
    submit_fixture(course_dir, "bob", "central_difference-fail-forward_formula")
    broken = submit_fixture(course_dir, "zed", None)
    (broken / f"{ASSIGNMENT}.ipynb").write_bytes(b"")

    result = grade(course_dir, ASSIGNMENT, "--jobs", "2")
    assert "3 submissions found, 0 already graded (skipped), 2 graded, 1 ungradable" in result.stdout
    assert not (course_dir / "gradebook.db").exists()  # everything went to PostgreSQL
    rows = gradebook_rows(postgres)
    assert rows["alice"]["score"] == 28.0 and rows["bob"]["score"] == 25.5
    assert rows["zed"]["notebooks"][ASSIGNMENT]["flagged"] is True

    result = grade(course_dir, ASSIGNMENT)
    assert "3 submissions found, 3 already graded (skipped), 0 graded" in result.stdout

    # nbgrader's own commands read the same gradebook.
    coursework.nbgrader(course_dir, "export", "--to", str(tmp_path / "grades.csv"))
    assert "alice" in (tmp_path / "grades.csv").read_text()
