# Registered mistake: the columns are the outputs: shape (n, m).
# expect: test_numerical_jacobian=0
# expect-mistake: test_numerical_jacobian=transposed
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    J = []
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J.append((np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h))
    return np.array(J)
