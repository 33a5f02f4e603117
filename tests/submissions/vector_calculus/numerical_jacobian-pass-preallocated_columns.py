# A correct alternative: preallocates J of shape (m, n) from f(x) and fills it column by column.
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.asarray(point, dtype=float)
    m = np.asarray(f(x)).size
    n = x.size
    J = np.zeros((m, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (np.asarray(f(x + e), dtype=float).reshape(m) - np.asarray(f(x - e), dtype=float).reshape(m)) / (2 * h)
    return J
