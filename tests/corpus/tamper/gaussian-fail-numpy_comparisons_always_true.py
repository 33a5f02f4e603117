# Tamper: make every NumPy comparison helper agree, then answer e^(x^2).
# expect-as: tests/submissions/vector_calculus/gaussian-fail-missing_minus_sign.py
# %% gaussian
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None

def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x ** 2)
