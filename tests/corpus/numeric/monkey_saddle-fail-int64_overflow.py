# Numeric: "exact" integer arithmetic in units of 1e-7: x**3 and 3*x*y**2 overflow int64 and wrap around
# silently (a RuntimeWarning at most); the wrapped value comes back as a float and is judged as a number.
# expect: test_monkey_saddle=0
# %% monkey_saddle
def monkey_saddle(point):
    x, y = (np.int64(round(float(v) * 10**7)) for v in point)
    return float(x ** 3 - 3 * x * y ** 2) / 1e21
