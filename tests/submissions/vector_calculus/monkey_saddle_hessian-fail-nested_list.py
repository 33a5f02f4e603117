# Unregistered: a nested Python list, not an ndarray.
# expect: test_monkey_saddle_hessian=0
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = (float(c) for c in point)
    return [[6 * x, -6 * y], [-6 * y, -6 * x]]
