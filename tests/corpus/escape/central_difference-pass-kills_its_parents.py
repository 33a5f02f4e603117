# Escape: kill the parent, the grader's process group and every process it can see (the batch ended here
# under stock nbgrader). Only the sandbox itself dies; the cell is dropped and everything is graded.
# %% new after setup
import os
import signal

for target in (os.getppid(), 1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
try:
    os.killpg(os.getpgid(0), signal.SIGKILL)
except OSError:
    pass
os.kill(-1, signal.SIGKILL)
