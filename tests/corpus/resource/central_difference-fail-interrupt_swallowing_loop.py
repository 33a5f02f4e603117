# Resource: an endless loop that swallows every interrupt (KeyboardInterrupt, SystemExit, signals turned
# into exceptions) and ignores SIGINT/SIGTERM/SIGALRM. Only the wall-time limit, enforced from outside,
# ends it.
# expect: test_central_difference=0
# %% central_difference
import signal

for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGXCPU):
    signal.signal(_sig, signal.SIG_IGN)

def central_difference(f, x, h=1e-5):
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
