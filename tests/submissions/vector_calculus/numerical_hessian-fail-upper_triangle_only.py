# Unregistered: computes i <= j and forgets to mirror: the lower triangle stays 0.
# expect: test_numerical_hessian=1
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            ei = np.zeros(n)
            ej = np.zeros(n)
            ei[i] = h
            ej[j] = h
            H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return H
