# A correct alternative: fill a float64 zeros(2) component by component.
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    p = np.asarray(point, dtype=np.float64)
    grad = np.zeros(2)
    grad[0] = 3 * p[0] ** 2 - 3 * p[1] ** 2
    grad[1] = -6 * p[0] * p[1]
    return grad
