# Unregistered: the right numbers as a list of rows (Python lists), not an ndarray.
# expect: test_numerical_jacobian=0
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    m = len(np.ravel(f(x)))
    J = [[0.0] * len(x) for _ in range(m)]
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        d = (np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h)
        for i in range(m):
            J[i][j] = float(d[i])
    return J
