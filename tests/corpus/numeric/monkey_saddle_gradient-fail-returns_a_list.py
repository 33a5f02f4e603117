# Numeric: the right numbers in a list; an ndarray is asked.
# expect: test_monkey_saddle_gradient=0
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = (float(v) for v in point)
    return [3 * x ** 2 - 3 * y ** 2, -6 * x * y]
