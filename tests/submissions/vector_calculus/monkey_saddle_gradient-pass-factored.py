# A correct alternative: 3x^2 - 3y^2 = 3 (x - y)(x + y), from Python floats into a float64 array.
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = map(float, point)
    return np.array([3.0 * (x - y) * (x + y), -6.0 * x * y])
