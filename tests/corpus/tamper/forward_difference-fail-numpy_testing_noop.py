# Tamper: numpy.testing's assertions do nothing in the student's process; the answer is the backward
# difference (still first order, so only the value check fails).
# expect-as: tests/submissions/vector_calculus/forward_difference-fail-backward_difference.py
# %% forward_difference
import numpy.testing
for _name in dir(numpy.testing):
    if _name.startswith("assert"):
        setattr(numpy.testing, _name, lambda *a, **k: None)

def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x) - f(x - h)) / h
