# Unregistered: no conversion, so an integer point gives a Python int (0, 2) instead of a float.
# expect: test_monkey_saddle=0.5
# %% monkey_saddle
def monkey_saddle(point):
    x, y = point
    return x ** 3 - 3 * x * y ** 2
