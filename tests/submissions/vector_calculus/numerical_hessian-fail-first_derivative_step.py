# Registered mistake: a first difference of f along e_i + e_j instead of a second difference.
# expect: test_numerical_hessian=2
# expect-mistake: test_numerical_hessian=first_derivative_step
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e = np.zeros(n)
            e[i] += h
            e[j] += h
            H[i, j] = (f(x + e) - f(x - e)) / (2 * h)
    return H
