# A correct alternative: a diagonal part plus a symmetric off-diagonal part.
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = np.asarray(point, dtype=np.float64)
    return np.diag([6 * x, -6 * x]) + (-6 * y) * np.array([[0.0, 1.0], [1.0, 0.0]])
