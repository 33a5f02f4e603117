# Unregistered: np.squeeze "tidies" the result, so for one output (m = 1) it returns shape (n,).
# expect: test_numerical_jacobian=2.25
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = h
        cols.append((np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h))
    return np.squeeze(np.stack(cols, axis=1))
