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

from sandbox_helpers import BWRAP, PROTO, REPO, frame, needs_bwrap, printed, run


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
    assert answer["fault"] == "timeout" and time.monotonic() - start < 30  # 2 s, with room for a loaded machine


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


# ---------------------------------------------------------------------------------- one uid per sandbox
@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="sandbox uids are handed out only when the grader runs as root")
def test_concurrent_sandboxes_have_their_own_uid_and_process_limit():
    source = "import resource\nprint(resource.getrlimit(resource.RLIMIT_NPROC)[0])"
    with SandboxedNotebook(Limits(max_processes=24)) as a, SandboxedNotebook(Limits(max_processes=24)) as b:
        assert printed(a.exec_cell("c", source)).strip() == printed(b.exec_cell("c", source)).strip() == "24"
        assert a._sandbox.uid != b._sandbox.uid and a._sandbox.hello["uid"] == a._sandbox.uid


def test_threads_count_against_the_process_limit():
    source = ("import threading, time\nn = 0\ntry:\n    for _ in range(500):\n"
              "        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n        n += 1\n"
              "except RuntimeError:\n    print('stopped after', n)")
    answer = run(source, Limits(max_processes=24, cell_seconds=20))
    if answer.get("fault"):  # root without a uid of its own: the kernel exempts it, the grader counts
        assert answer["fault"] == "processes"
    else:
        text = printed(answer)
        assert text.startswith("stopped after") and int(text.split()[2]) < 24


@needs_bwrap
def test_a_sandbox_cannot_signal_or_trace_another():
    hostile = ("import os, signal, ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nhit = []\n"
               "for pid in range(2, 70000):\n"
               "    if libc.ptrace(16, pid, 0, 0) == 0:\n        hit.append(pid)\n"  # PTRACE_ATTACH
               "    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\n"
               "print('traced', hit)")
    with SandboxedNotebook(Limits(cell_seconds=20)) as victim, SandboxedNotebook(Limits(cell_seconds=20)) as attacker:
        victim.exec_cell("define", "def f(x):\n    return 2 * x")
        answer = attacker.exec_cell("attack", hostile)
        assert "traced []" in printed(answer) or answer.get("fault") == "died"  # it may only kill itself
        attacker.exec_cell("everyone", "import os\nos.kill(-1, 9)")
        assert victim.call("f", [21], {}) ["value"] == 42 and victim.restarts == 0


# ---------------------------------------------------------------------------------- one test per limit
def test_call_wall_time_ends_an_interrupt_swallowing_loop():
    from autograder.isolation.session import SandboxFault
    with SandboxedNotebook(Limits(call_seconds=1)) as sandbox:
        sandbox.exec_cell("define", "def f():\n    while True:\n        try:\n            pass\n"
                                    "        except BaseException:\n            pass\n\ndef g():\n    return 7")
        start = time.monotonic()
        with pytest.raises(SandboxFault, match="no answer within 1 s") as fault:
            sandbox.call("f", [], {})
        assert fault.value.kind == "timeout" and time.monotonic() - start < 15
        assert sandbox.call("g", [], {})["value"] == 7  # a fresh sandbox, earlier cells replayed


def test_submission_wall_time_budget_refuses_later_cells():
    start = time.monotonic()
    with SandboxedNotebook(Limits(submission_seconds=3, cell_seconds=10)) as sandbox:
        answers = [sandbox.exec_cell(f"c{i}", "import time\ntime.sleep(1)") for i in range(6)]
    assert time.monotonic() - start < 30
    assert answers[0].get("fault") is None and answers[-1]["fault"] == "timeout"
    assert "time budget of 3 s is spent" in answers[-1]["error"]["evalue"]


def test_cpu_time_limit_ends_a_process_that_ignores_sigxcpu():
    start = time.monotonic()
    answer = run("import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True:\n    pass",
                 Limits(cpu_seconds=2, cell_seconds=30))
    assert answer["fault"] == "died" and "CPU time limit" in answer["error"]["evalue"]
    assert time.monotonic() - start < 60  # 3 s of CPU time; wall time depends on the machine's load


def test_submission_cpu_budget_counts_every_sandbox():
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 1.2:\n    pass"
    with SandboxedNotebook(Limits(submission_cpu_seconds=2.5, cell_seconds=20)) as sandbox:
        answers = [sandbox.exec_cell(f"c{i}", spin) for i in range(4)]
        kinds = [a.get("fault") for a in answers]
    assert kinds[:2] == [None, None] and "cpu" in kinds and kinds[-1] == "cpu"
    assert "CPU time budget of 2.5 s" in answers[-1]["error"]["evalue"]


def test_request_cpu_time_counts_every_process():
    source = ("import os\nfor _ in range(3):\n    if os.fork() == 0:\n        while True:\n            pass\n"
              "while True:\n    pass")
    with SandboxedNotebook(Limits(cell_seconds=6)) as sandbox:
        answer = sandbox.exec_cell("spin", source)
    # on an idle 2-core machine four busy processes reach 6 CPU-seconds after about 3 s of wall time
    assert answer["fault"] in ("cpu", "timeout")
    if answer["fault"] == "timeout":
        assert sandbox.cpu_spent <= 6 + 1  # never more CPU than the limit without the cpu fault


def test_memory_of_all_processes_together_is_limited():
    source = ("import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n"
              "        block = b'x' * (300 * 2**20)\n        time.sleep(30)\n        os._exit(0)\ntime.sleep(30)")
    start = time.monotonic()
    answer = run(source, Limits(memory_bytes=768 * 2**20, cell_seconds=20))
    assert answer["fault"] == "memory" and "memory" in answer["error"]["evalue"]
    assert time.monotonic() - start < 40


# ---------------------------------------------------------------------------------- nothing outlives the sandbox
ORPHANS = ("import os, subprocess, threading, time\n"
           "subprocess.Popen(['sleep', '301'], start_new_session=True)\n"
           "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp('sleep', ['sleep', '302'])\n"
           "    os._exit(0)\n"
           "threading.Thread(target=time.sleep, args=(303,)).start()\n"
           "time.sleep(0.5)\nprint('spawned')")


def _left_behind(names=("301", "302")) -> list:
    import psutil
    return [p.pid for p in psutil.process_iter(["cmdline", "status"])
            if (p.info["cmdline"] or [None])[0] == "sleep" and p.info["cmdline"][-1] in names
            and p.info["status"] != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("level", ["auto", "process"])
def test_orphans_daemons_and_threads_end_with_the_sandbox(level):
    with SandboxedNotebook(Limits(cell_seconds=10), levels.probe(level)) as sandbox:
        assert printed(sandbox.exec_cell("spawn", ORPHANS)).startswith("spawned")
        assert len(_left_behind()) == 2
        uid = sandbox._sandbox.uid
    time.sleep(0.3)
    assert _left_behind() == []
    if uid is not None:
        from autograder.isolation import procs
        assert procs.alive_with_uid(uid) == []


# ---------------------------------------------------------------------------------- the protocol stream


@pytest.mark.parametrize("garbage, kind", [
    ("out.write(b'\\x00\\x00\\x00\\x05hello')\n", "protocol"),  # not JSON
    ("out.write(b'\\xff\\xff\\xff\\xff')\n", "protocol"),  # a frame of 4 GiB announced
    (frame('{"__dict__": {"outputs": "x"}}'), "protocol"),  # JSON of the wrong shape
    (frame('{"__dict__": {"outputs": [{"__dict__": {"output_type": "stream", "name": "x", "text": 1}}]}}'), "protocol"),
    (frame('[1, 2, 3]'), "protocol"),
    ("out.write(b'\\x00\\x00\\x10\\x00{')\nimport time\ntime.sleep(60)\n", "timeout"),  # half a frame, then silence
])
def test_garbage_on_the_protocol_stream_is_a_fault_not_a_crash(garbage, kind):
    with SandboxedNotebook(Limits(cell_seconds=3)) as sandbox:
        sandbox.exec_cell("define", "def f(x):\n    return 2 * x")
        answer = sandbox.exec_cell("garbage", PROTO + garbage + "import time\ntime.sleep(60)")
        assert answer["fault"] == kind
        assert sandbox.call("f", [4], {})["value"] == 8  # a fresh sandbox, the good cell replayed


def test_a_sandbox_that_stops_reading_requests_is_a_fault():
    from autograder.isolation.session import SandboxFault
    forged = frame('{"__dict__": {"outputs": [], "error": null, "execution_count": 1}}')
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=2)) as sandbox:
        sandbox.exec_cell("define", "def f(x):\n    return 1.0")
        answer = sandbox.exec_cell("forge", PROTO + forged + "import time\ntime.sleep(60)")
        assert answer["outputs"] == []  # the forged answer: the student only fools its own cell
        start = time.monotonic()
        with pytest.raises(SandboxFault, match="stopped reading|no answer"):
            sandbox.call("f", [list(range(300_000))], {})  # several MB: more than a pipe holds
        assert time.monotonic() - start < 20


def test_a_replaced_runner_can_only_forge_its_own_answers():
    source = ("import sys\nrunner = sys.modules['autograder.sandbox.runner']\n"
              "runner.Notebook.call = lambda self, request: {'status': 'ok', 'value': 3.0, 'points': 100, "
              "'warnings': [], 'stdout': '', 'calls': {}, 'seconds': 0.0}")
    with SandboxedNotebook() as sandbox:
        sandbox.exec_cell("tamper", source)
        reply = sandbox.call("anything", [], {})
    assert reply["value"] == 3.0 and type(reply["value"]) is float and "points" not in reply


# ---------------------------------------------------------------------------------- what is kept of the outputs
def test_outputs_are_capped_per_cell_and_per_notebook():
    limits = Limits(cell_output_chars=20_000, notebook_output_chars=50_000)
    with SandboxedNotebook(limits) as sandbox:
        texts = [printed(sandbox.exec_cell(f"c{i}", "print('x' * 30_000)")) for i in range(4)]
    assert [t.count("x") for t in texts] == [20_000, 20_000, 10_000, 0]
    assert "output truncated by the autograder" in texts[0]
    assert "output budget of 50000 characters is spent" in texts[2] and "spent" in texts[3]


def test_fifty_megabytes_of_output_are_stored_capped_and_marked():
    start = time.monotonic()
    source = "import os, sys\nfor _ in range(50):\n    sys.stdout.write('y' * 2**20)\nos.write(1, b'z' * 2**24)"
    answer = run(source, Limits(cell_seconds=30))
    text = printed(answer)
    assert len(text) < 110_000 and "more characters not kept" in text and time.monotonic() - start < 30


def test_large_images_are_dropped_with_a_note():
    source = ("import matplotlib.pyplot as plt\nimport numpy as np\nplt.figure(figsize=(12, 12))\n"
              "plt.imshow(np.random.default_rng(0).random((400, 400)))")
    answer = run(source, Limits(image_chars=10_000))
    assert not any("image/png" in o.get("data", {}) for o in answer["outputs"])
    assert "image not kept" in printed(answer)


@pytest.mark.parametrize("source, limits, expected", [
    ("f = open('big.bin', 'wb')\ntry:\n    f.write(b'0' * (3 * 2**20))\n    f.flush()\nexcept OSError as e:\n    print(e.strerror)",
     Limits(file_bytes=2 * 2**20), "File too large"),
    ("files = []\ntry:\n    for _ in range(1000):\n        files.append(open('/dev/null'))\nexcept OSError as e:\n    print(e.strerror)",
     Limits(open_files=64), "Too many open files"),
])
def test_file_size_and_open_files_are_limited(source, limits, expected):
    assert expected in printed(run(source, limits))


@needs_bwrap
def test_the_private_tmp_is_size_limited():
    source = ("import os\nn = 0\ntry:\n    for i in range(100):\n        with open(f'/tmp/fill{i}', 'wb') as f:\n"
              "            f.write(b'0' * 2**20)\n        n += 1\nexcept OSError as e:\n    print(n, e.strerror)")
    text = printed(run(source, Limits(tmp_bytes=16 * 2**20)))
    assert "No space left on device" in text and int(text.split()[0]) < 17


def test_doctor_prints_what_is_available_and_in_force(repo):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "autograder.cli", "--root", str(repo), "doctor"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"available: {levels.probe().level}" in out and "in force:" in out
    assert "no network, not even 127.0.0.1" in out and "memory_bytes" in out
    if BWRAP:
        assert "connect 127.0.0.1 refused" in out and "read course refused" in out and "grader variables []" in out


def test_a_sandbox_that_cannot_start_is_an_error_never_a_score():
    from autograder.isolation.session import SandboxUnavailable
    with SandboxedNotebook(Limits(startup_seconds=0.001)) as sandbox:
        with pytest.raises(SandboxUnavailable, match="did not start"):
            sandbox.exec_cell("c", "x = 1")
        assert sandbox.unavailable is not None and sandbox.faults == []
