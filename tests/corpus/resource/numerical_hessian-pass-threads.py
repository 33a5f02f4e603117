# Resource: start non-daemon threads that never finish (a Python process would wait for them at exit),
# and as many more as the process limit allows.
# %% new after setup
import threading
import time

_started = 0
try:
    for _ in range(300):
        threading.Thread(target=time.sleep, args=(7777,)).start()
        _started += 1
except RuntimeError as _error:
    print(f"thread refused after {_started}: {_error}")
