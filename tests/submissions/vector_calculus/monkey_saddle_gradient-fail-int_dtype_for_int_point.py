# Unregistered: no float conversion: an integer point gives an int64 array (right numbers, wrong dtype).
# expect: test_monkey_saddle_gradient=0.5
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = point
    return np.array([3 * x ** 2 - 3 * y ** 2, -6 * x * y])
