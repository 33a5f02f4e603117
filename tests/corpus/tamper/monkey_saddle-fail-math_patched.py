# Tamper: math.isclose always agrees, math.isfinite always True, math.fabs always 0; answer x^3 + 3xy^2.
# expect: test_monkey_saddle=0
# expect-mistake: test_monkey_saddle=sign_of_second_term
# %% monkey_saddle
import math
math.isclose = lambda *a, **k: True
math.isfinite = lambda x: True
math.fabs = lambda x: 0.0
math.isnan = lambda x: False

def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 + 3 * x * y ** 2
