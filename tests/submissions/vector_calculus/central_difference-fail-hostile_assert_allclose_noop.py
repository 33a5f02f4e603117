# Hostile: disable numpy.testing in the student's own process, then answer wrongly.
# expect: test_central_difference=0.5
# expect-mistake: test_central_difference=forward_formula
# %% central_difference
import numpy as np
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_almost_equal = lambda *a, **k: None

def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
