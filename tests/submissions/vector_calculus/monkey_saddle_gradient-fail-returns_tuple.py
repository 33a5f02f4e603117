# Unregistered: returns the two components as a tuple instead of an array.
# expect: test_monkey_saddle_gradient=0
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = np.asarray(point, dtype=float)
    return 3 * x ** 2 - 3 * y ** 2, -6 * x * y
