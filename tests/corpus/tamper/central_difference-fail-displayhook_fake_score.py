# Tamper: show a fake score every way a kernel would: sys.displayhook, an execute_result, IPython's display,
# printed text that looks like a score, and a replaced sys.excepthook; the answer is the forward formula.
# expect-as: tests/submissions/vector_calculus/central_difference-fail-forward_formula.py
# %% central_difference
import sys
sys.displayhook(3.0)
sys.displayhook = lambda value: print("3.0")
sys.excepthook = lambda *args: None
try:
    from IPython.display import display
    display(3.0)
except ImportError:
    pass
print("3.0")

def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
# %% new after central_difference
3.0
