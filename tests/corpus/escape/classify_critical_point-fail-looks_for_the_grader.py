# Escape: look for the grader's processes in /proc (their command lines and environments would show the
# course and the secret) and try to trace them; the answer says "saddle point" where "saddle" is asked.
# expect-as: tests/submissions/vector_calculus/classify_critical_point-fail-saddle_point_wording.py
# %% classify_critical_point
import ctypes
import os

_found = []
for _pid in os.listdir("/proc"):
    if _pid.isdigit():
        try:
            _cmd = open(f"/proc/{_pid}/cmdline", "rb").read()
            if b"nbgrader" in _cmd or b"pytest" in _cmd:
                _found.append(_pid)
        except OSError:
            pass
_libc = ctypes.CDLL(None, use_errno=True)
_traced = [p for p in _found if _libc.ptrace(16, int(p), 0, 0) == 0]

def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle" if _found else "saddle point"
