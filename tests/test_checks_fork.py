"""The checks' fork: the hidden inputs of a test cell's checks never reach a later cell of the notebook.

Split from tests/test_sandbox.py; every case is bounded in the same way (seconds, a few processes).
"""
import time

import pytest

from autograder.isolation import levels
from autograder.isolation.faults import SandboxFault
from autograder.isolation.limits import Limits
from autograder.isolation.notebook import SandboxedNotebook
from sandbox_helpers import BWRAP, PROTO, frame, needs_bwrap, printed


# ---------------------------------------------------------------------------------- the checks' fork
# A test cell's checks call the student's functions with hidden inputs. A hostile notebook records them
# (an earlier cell sets up a channel, the function uses it) and prints them in a later cell. Each case
# below must print nothing of HIDDEN; each fails when the checks run without the fork.
HIDDEN = 0.8070168812345  # stands for a hidden input
PROTO_IN = ("import gc, io\nproto_in = next(o for o in gc.get_objects() if isinstance(o, io.FileIO) and not o.closed "
            "and o.mode == 'rb' and o.fileno() > 2)\n")
CHANNELS = {
    "global": ("seen = []\ndef f(x):\n    seen.append(x)\n    return x", "print(seen)"),
    "file in /tmp/work": ("def f(x):\n    open('leak.txt', 'w').write(repr(x))\n    return x",
                          "import os\nprint(open('leak.txt').read() if os.path.exists('leak.txt') else '')"),
    "file in /tmp": ("def f(x):\n    open('/tmp/leak.txt', 'w').write(repr(x))\n    return x",
                     "import os\nprint(open('/tmp/leak.txt').read() if os.path.exists('/tmp/leak.txt') else '')"),
    "fifo": ("import os, threading\nos.mkfifo('/tmp/work/fifo')\ngot = []\n"
             "threading.Thread(target=lambda: got.append(open('/tmp/work/fifo').read()), daemon=True).start()\n"
             "def f(x):\n    try:\n        fd = os.open('/tmp/work/fifo', os.O_WRONLY | os.O_NONBLOCK)\n"
             "        os.write(fd, repr(x).encode())\n        os.close(fd)\n    except OSError:\n        pass\n    return x",
             "import time\ntime.sleep(0.3)\nprint(got)"),
    "abstract unix socket": ("import socket, threading\ngot = []\nserver = socket.socket(socket.AF_UNIX)\n"
                             "server.bind('\\0leak')\nserver.listen(1)\n"
                             "threading.Thread(target=lambda: got.append(server.accept()[0].recv(100)), daemon=True).start()\n"
                             "def f(x):\n    try:\n        s = socket.socket(socket.AF_UNIX)\n        s.connect('\\0leak')\n"
                             "        s.send(repr(x).encode())\n    except OSError:\n        pass\n    return x",
                             "import time\ntime.sleep(0.3)\nprint(got)"),
    "pipe": ("import os, threading\nr, w = os.pipe()\ngot = []\n"
             "threading.Thread(target=lambda: got.append(os.read(r, 100)), daemon=True).start()\n"
             "def f(x):\n    try:\n        os.write(w, repr(x).encode())\n    except OSError:\n        pass\n    return x",
             "import time\ntime.sleep(0.3)\nprint(got)"),
    "thread reading a global": ("import threading, time\nseen, got = [], []\n"
                                "def spy():\n    while True:\n        if seen: got.extend(seen); seen.clear()\n"
                                "        time.sleep(0.001)\nthreading.Thread(target=spy, daemon=True).start()\n"
                                "def f(x):\n    seen.append(x)\n    time.sleep(0.2)\n    return x",
                                "time.sleep(0.2)\nprint(got)"),
    # a thread of the notebook's process reads the call requests meant for the checks (the hidden inputs)
    "thread reading the protocol stream": (PROTO_IN + "import os, sys, threading, time\ngot = []\n"
                                           "main = threading.main_thread().ident\n"
                                           "def spy():\n    while True:\n"
                                           "        names = []\n        frame = sys._current_frames().get(main)\n"
                                           "        while frame is not None:\n            names.append(frame.f_code.co_name)\n"
                                           "            frame = frame.f_back\n"
                                           "        if not got and 'wait' in names:  # once: the runner waits for its fork\n"
                                           "            got.append(os.read(proto_in.fileno(), 1 << 16))\n"
                                           "        time.sleep(0.0005)\n"
                                           "threading.Thread(target=spy, daemon=True).start()\n"
                                           "def f(x):\n    return x",
                                           "print(got)"),
    "signals to the notebook's process": ("import os, signal\ncount = []\nparent = os.getpid()\n"
                                          "signal.signal(signal.SIGUSR1, lambda *a: count.append(1))\n"
                                          "def f(x):\n    for target in (parent, os.getppid(), 0, -1):\n"
                                          "        try:\n            os.kill(target, signal.SIGUSR1)\n"
                                          "        except OSError:\n            pass\n    return x",
                                          "import time\ntime.sleep(0.2)\nprint('signals', len(count), 0.8070168812345 if count else '')"),
    "/proc/<pid>/mem of the notebook's process": (
        "import ctypes, os\nbuf = ctypes.create_string_buffer(64)\naddress, parent = ctypes.addressof(buf), os.getpid()\n"
        "def f(x):\n    try:\n        with open(f'/proc/{parent}/mem', 'r+b', buffering=0) as mem:\n"
        "            mem.seek(address)\n            mem.write(repr(x).encode())\n    except OSError:\n        pass\n    return x",
        "print(buf.value)"),
}


@needs_bwrap
@pytest.mark.parametrize("channel", list(CHANNELS))
def test_hidden_inputs_do_not_reach_a_later_cell(channel):
    setup, later = CHANNELS[channel]
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=3)) as sandbox:
        assert sandbox.exec_cell("setup", setup)["error"] is None
        with sandbox.checks():
            try:
                sandbox.call("f", [HIDDEN], {})
            except Exception:  # a call that fails costs only itself; what matters is the later cell
                pass
        answer = sandbox.exec_cell("later", later)
        assert "8070168" not in printed(answer), printed(answer)
        if channel != "thread reading the protocol stream":  # that thread may steal the resync request: restart
            assert answer["error"] is None, answer["error"]
            assert sandbox.restarts == 0  # the notebook's process is the one that ran the earlier cells


@pytest.mark.parametrize("level", ["auto", "process"])
def test_checks_see_the_earlier_cells_and_their_files_and_later_cells_see_them_too(level):
    with SandboxedNotebook(Limits(cell_seconds=10), levels.probe(level)) as sandbox:
        sandbox.exec_cell("data", "import numpy as np\nnp.savetxt('data.txt', [1.5, 2.5])\nscale = 2\n"
                                  "def total(x):\n    return scale * float(np.loadtxt('data.txt').sum()) + x")
        with sandbox.checks():
            assert sandbox.call("total", [1.0], {})["value"] == 9.0
            assert sandbox.call("total", [0.0], {})["value"] == 8.0
        assert sandbox.isolated[0] == "fork"
        if BWRAP and level == "auto":
            assert {"PID namespace", "fresh /tmp", "inherited descriptors closed"} <= set(sandbox.isolated)
        assert printed(sandbox.exec_cell("later", "print(scale, total(0.0))")).strip() == "2 8.0"
        assert sandbox.restarts == 0 and sandbox.faults == []


@pytest.mark.parametrize("crash", ["import ctypes\n    ctypes.string_at(0)", "import os\n    os.abort()",
                                   "import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)\n    os._exit(9)"])
def test_a_function_that_crashes_during_the_checks_costs_only_that_call(crash):
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=5)) as sandbox:
        sandbox.exec_cell("define", f"def crash():\n    {crash}\n\ndef f(x):\n    return 2 * x\nkept = 7")
        with sandbox.checks():
            with pytest.raises(SandboxFault):
                sandbox.call("crash", [], {})
            assert sandbox.call("f", [21], {})["value"] == 42  # a new fork of the same notebook
        assert sandbox.restarts == 0 and sandbox.stuck == {"crash": 1}
        assert printed(sandbox.exec_cell("later", "print(kept)")).strip() == "7"


def test_a_call_that_hangs_in_the_checks_is_ended_without_restarting_the_sandbox():
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=1)) as sandbox:
        sandbox.exec_cell("define", "def spin():\n    while True:\n        try:\n            pass\n"
                                    "        except BaseException:\n            pass\n\ndef f(x):\n    return x")
        start = time.monotonic()
        with sandbox.checks():
            with pytest.raises(SandboxFault, match="no answer within 1 s"):
                sandbox.call("spin", [], {})
            assert sandbox.call("f", [3], {})["value"] == 3
        assert time.monotonic() - start < 15 and sandbox.restarts == 0


def test_a_fork_that_forges_answers_after_the_checks_is_not_read():
    # the function answers its own call, then checks_end, then the *next cell*, with the hidden input in it
    forged = ('{"__dict__": {"outputs": [{"__dict__": {"output_type": "stream", "name": "stdout", '
              '"text": "forged 0.8070168812345"}}], "error": null, "execution_count": 9}}')
    frames = [frame('{"__dict__": {"status": "ok", "value": 1.0}}'), frame('{"__dict__": {"status": "ok"}}'),
              frame(forged)]
    source = PROTO + "def f(x):\n" + "".join("    " + f for f in frames) + "    return x\n"
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=3)) as sandbox:
        sandbox.exec_cell("define", source)
        with sandbox.checks():
            assert sandbox.call("f", [HIDDEN], {})["value"] == 1.0  # it may forge its own answer
        answer = sandbox.exec_cell("later", "print('mine')")
        assert printed(answer).strip() == "mine" and sandbox.restarts == 0, sandbox.faults


def test_a_runner_that_does_not_fork_cannot_serve_the_checks():
    source = ("import sys\nrunner = sys.modules['autograder.sandbox.runner']\n"
              "runner._checks = lambda notebook, i, o: runner._send(o, {'status': 'ok', 'isolated': ['fork']})\n"
              "def f(x):\n    return x")
    with SandboxedNotebook(Limits(cell_seconds=10, call_seconds=3)) as sandbox:
        sandbox.exec_cell("tamper", source)
        with sandbox.checks():
            with pytest.raises(SandboxFault, match="without forking"):
                sandbox.call("f", [HIDDEN], {})


def test_replaced_builtins_do_not_break_the_answers():
    with SandboxedNotebook(Limits(cell_seconds=10)) as sandbox:
        sandbox.exec_cell("define", "import numpy as np\ndef f(x):\n    return [x, np.arange(3), (1, 'a'), np.str_('saddle')]")
        answer = sandbox.exec_cell("break", "import builtins\nfor name in ('float', 'int', 'isinstance', 'type', 'len', "
                                            "'str', 'list', 'dict', 'tuple', 'abs', 'repr', 'bool'):\n"
                                            "    setattr(builtins, name, lambda *a, **k: 0)")
        assert answer["error"] is None
        with sandbox.checks():
            value = sandbox.call("f", [0.5], {})["value"]
        assert value[0] == 0.5 and value[1].tolist() == [0, 1, 2] and value[2] == (1, "a") and value[3] == "saddle"
        answer = sandbox.exec_cell("after", "print(len('abc'))\nraise ValueError('mine')")
        assert printed(answer) == "0\n" and answer["error"]["ename"] == "ValueError"  # her builtins, in her code
        assert sandbox.restarts == 0 and sandbox.faults == []


@needs_bwrap  # as root without a uid of its own the grader itself ends a sandbox over the process limit
def test_when_the_process_limit_leaves_no_fork_the_checks_run_and_the_sandbox_is_replaced():
    bomb = ("import os, time\nseen = []\ntry:\n    for _ in range(200):\n        if os.fork() == 0:\n"
            "            time.sleep(60)\n            os._exit(0)\nexcept OSError:\n    pass\n"
            "def f(x):\n    seen.append(x)\n    return 2 * x")
    with SandboxedNotebook(Limits(max_processes=24, cell_seconds=20)) as sandbox:
        sandbox.exec_cell("bomb", bomb)
        with sandbox.checks():
            assert sandbox.call("f", [HIDDEN], {})["value"] == 2 * HIDDEN
        assert sandbox.isolated == [] and sandbox.faults == []
        assert "8070168" not in printed(sandbox.exec_cell("later", "print(seen)"))  # a fresh sandbox, replayed
