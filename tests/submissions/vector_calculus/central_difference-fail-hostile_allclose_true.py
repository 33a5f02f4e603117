# Hostile: make np.allclose and np.isclose always agree, then answer wrongly.
# expect: test_central_difference=0.5
# expect-mistake: test_central_difference=h_instead_of_2h
# %% central_difference
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)

def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / h
