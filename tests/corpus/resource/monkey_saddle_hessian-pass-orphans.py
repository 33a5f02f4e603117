# Resource: leave processes behind on purpose: a double-forked daemon in its own session, a child in a new
# session, and a child with SIGHUP and SIGTERM ignored. All of them end with the sandbox.
# %% new after setup
import os
import signal
import subprocess

subprocess.Popen(["sleep", "7777"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "7777"])
    os._exit(0)
if os.fork() == 0:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.execvp("sleep", ["sleep", "7777"])
