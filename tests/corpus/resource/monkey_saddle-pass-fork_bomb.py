# Resource: fork hundreds of sleeping processes. The process limit stops the bomb (fork raises), the cell
# finishes, and the sleepers end with the sandbox.
# %% new after setup
import os
import time

_children = 0
try:
    for _ in range(500):
        if os.fork() == 0:
            time.sleep(7777)
            os._exit(0)
        _children += 1
except OSError as _error:
    print(f"fork refused after {_children} processes: {_error.strerror}")
