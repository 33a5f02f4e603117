# Registered mistake: x^3 - 3xy. It happens to give 0 at (0, 0) and 2 at (2, 1), so only the random
# point shows it.
# expect: test_monkey_saddle=0.5
# expect-mistake: test_monkey_saddle=y_not_squared
# %% monkey_saddle
def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 - 3 * x * y
