# Tamper: math.isclose always agrees, math.isfinite always True, math.fabs always 0; answer x^3 + 3xy^2.
# expect-as: tests/submissions/vector_calculus/monkey_saddle-fail-sign_of_second_term.py
# %% monkey_saddle
import math
math.isclose = lambda *a, **k: True
math.isfinite = lambda x: True
math.fabs = lambda x: 0.0
math.isnan = lambda x: False

def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 + 3 * x * y ** 2
