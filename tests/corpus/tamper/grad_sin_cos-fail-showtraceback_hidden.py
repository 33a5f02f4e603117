# Tamper: hide every error a test could raise (IPython's showtraceback, traceback.print_exc,
# sys.excepthook, warnings.showwarning); the answer returns a list where the tuple (U, V) is asked.
# expect-as: tests/submissions/vector_calculus/grad_sin_cos-fail-returns_list.py
# %% grad_sin_cos
import sys
import traceback
import warnings

try:
    get_ipython().showtraceback = lambda *a, **k: None
except NameError:
    pass
traceback.print_exc = lambda *a, **k: None
traceback.print_exception = lambda *a, **k: None
sys.excepthook = lambda *a: None
warnings.showwarning = lambda *a, **k: None

def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    return [np.cos(X) * np.cos(Y), -np.sin(X) * np.sin(Y)]
