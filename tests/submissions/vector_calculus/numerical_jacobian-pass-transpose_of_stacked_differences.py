# A correct alternative: stacks the n difference vectors as rows, then transposes to (m, n).
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=np.float64)
    rows = [(np.atleast_1d(f(x + e)) - np.atleast_1d(f(x - e))) / (2 * h) for e in h * np.eye(len(x))]
    return np.array(rows, dtype=np.float64).T
