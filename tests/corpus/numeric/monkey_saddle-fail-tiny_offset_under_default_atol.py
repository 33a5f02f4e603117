# Numeric: adds 1e-9 "to avoid exact zeros". np.allclose's default atol of 1e-8 would accept it at the
# origin; the checks use tolerances from the formula's rounding error and do not.
# expect: test_monkey_saddle=0
# %% monkey_saddle
def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 - 3 * x * y ** 2 + 1e-9
