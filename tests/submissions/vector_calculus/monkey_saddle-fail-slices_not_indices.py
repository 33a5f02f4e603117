# Unregistered: point[:1] and point[1:] are arrays of shape (1,), so the result is an array, not a number.
# expect: test_monkey_saddle=0
# %% monkey_saddle
def monkey_saddle(point):
    p = np.asarray(point, dtype=float)
    x, y = p[:1], p[1:]
    return x ** 3 - 3 * x * y ** 2
