"""The sandbox on hostile code: what it hides, what it limits, and that it always ends.

Every case is bounded: a few seconds of wall time, at most a few hundred MiB, no network except
a 127.0.0.1 listener this test starts.
"""
import os
import socket
import time

import pytest

from autograder.isolation import levels
from autograder.isolation.limits import Limits
from autograder.isolation.notebook import SandboxedNotebook

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BWRAP = levels.probe().level == "bwrap"
needs_bwrap = pytest.mark.skipif(not BWRAP, reason=f"bubblewrap isolation unavailable: {levels.probe().reason}")


def run(source: str, limits: Limits | None = None) -> dict:
    with SandboxedNotebook(limits or Limits(cell_seconds=10)) as sandbox:
        return sandbox.exec_cell("c", source)


def printed(answer: dict) -> str:
    return "".join(o.get("text", "") for o in answer["outputs"] if o["output_type"] == "stream")


@needs_bwrap
def test_course_files_are_invisible():
    answer = run(f"import os\nprint(os.path.exists({REPO + '/reference'!r}), os.path.exists({REPO + '/autograder/checks'!r}),"
                 f" os.path.exists({REPO + '/gradebook.db'!r}), sorted(os.listdir('/tmp')))")
    assert printed(answer).strip() == "False False False ['work']"


@needs_bwrap
def test_runs_as_an_unprivileged_user_in_its_own_pid_namespace():
    answer = run("import os\nprint(os.getuid() != 0, os.getpid() < 10, len([p for p in os.listdir('/proc') if p.isdigit()]) < 10)")
    assert printed(answer).strip() == "True True True"


def test_environment_is_clean():
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        answer = run("import os\nprint(sorted(k for k in os.environ if 'NBGRADER' in k or 'SECRET' in k))")
    finally:
        del os.environ["NBGRADER_EXECUTION"]
    assert printed(answer).strip() == "[]"


@needs_bwrap
def test_no_network_even_to_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        answer = run(f"import socket\ns = socket.socket()\ns.settimeout(2)\ns.connect(('127.0.0.1', {port}))")
    finally:
        server.close()
    assert answer["error"]["ename"] in ("ConnectionRefusedError", "OSError", "TimeoutError")


def test_interrupt_swallowing_loop_is_stopped_by_wall_time():
    start = time.monotonic()
    answer = run("while True:\n    try:\n        pass\n    except BaseException:\n        pass", Limits(cell_seconds=2))
    assert answer["fault"] == "timeout" and time.monotonic() - start < 10


def test_memory_hog_hits_the_limit():
    answer = run("x = bytearray(2 * 1024**3)", Limits(memory_bytes=512 * 1024**2))
    assert answer["error"]["ename"] == "MemoryError"


def test_huge_output_is_capped_and_marked():
    answer = run("for i in range(200000):\n    print('spam' * 10)", Limits(cell_output_chars=10_000))
    text = printed(answer)
    assert len(text) < 11_000 and "[output truncated by the autograder" in text


def test_exit_kills_only_the_sandbox_and_later_cells_still_run():
    with SandboxedNotebook(Limits(cell_seconds=10)) as sandbox:
        sandbox.exec_cell("define", "def f(x):\n    return 2 * x")
        answer = sandbox.exec_cell("exit", "import os\nos._exit(3)")
        assert answer["fault"] == "died"
        reply = sandbox.call("f", [21], {})  # a fresh sandbox replayed the earlier cell
        assert reply["status"] == "ok" and reply["value"] == 42


@needs_bwrap
def test_processes_left_behind_are_killed_with_the_sandbox():
    import psutil
    before = {p.pid for p in psutil.process_iter()}
    with SandboxedNotebook(Limits(cell_seconds=10)) as sandbox:
        sandbox.exec_cell("orphan", "import subprocess\nsubprocess.Popen(['sleep', '300'], start_new_session=True)")
    time.sleep(0.5)
    left = [p for p in psutil.process_iter(["name", "cmdline"]) if p.pid not in before and p.info["cmdline"] == ["sleep", "300"]]
    assert left == []


@needs_bwrap
def test_fork_bomb_is_bounded_by_the_process_limit():
    source = ("import os\npids = []\ntry:\n    for _ in range(500):\n        pid = os.fork()\n        if pid == 0:\n"
              "            import time; time.sleep(30); os._exit(0)\n        pids.append(pid)\nexcept OSError as e:\n"
              "    print('stopped after', len(pids), type(e).__name__)")
    answer = run(source, Limits(max_processes=32, cell_seconds=20))
    text = printed(answer)
    assert text.startswith("stopped after") and int(text.split()[2]) < 40
