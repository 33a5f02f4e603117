# Resource: a top-level cell that loops forever inside try/except BaseException with signals ignored.
# %% new after setup
import signal
import time

for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM):
    signal.signal(_sig, signal.SIG_IGN)
while True:
    try:
        time.sleep(0.01)
    except BaseException:
        pass
