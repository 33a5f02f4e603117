# Resource: four processes of 600 MiB each stay under the per-process limit but not under the limit on
# all of the sandbox's memory together; the grader ends the sandbox, drops the cell and grades the rest.
# %% new after setup
import os
import time

for _ in range(4):
    if os.fork() == 0:
        _block = b"x" * (600 * 2**20)
        time.sleep(60)
        os._exit(0)
time.sleep(60)
