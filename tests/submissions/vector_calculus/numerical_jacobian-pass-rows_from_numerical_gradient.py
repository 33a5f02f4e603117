# A correct alternative: row k is numerical_gradient (earlier cell) of the k-th output of f.
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    """Jacobian (m, n) by central differences, one output at a time."""
    x = np.array(point, dtype=float)
    m = np.size(f(x))
    return np.array([numerical_gradient(lambda p, k=k: np.ravel(f(p))[k], x, h) for k in range(m)],
                    dtype=float).reshape(m, x.size)
