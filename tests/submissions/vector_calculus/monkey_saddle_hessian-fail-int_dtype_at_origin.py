# Unregistered: no conversion: monkey_saddle_hessian((0, 0)) is an int64 zero matrix.
# expect: test_monkey_saddle_hessian=1
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = point
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * x]])
