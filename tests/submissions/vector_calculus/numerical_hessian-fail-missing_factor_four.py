# Registered mistake: the 4-point formula over h^2 instead of 4h^2 (zero at the monkey saddle's origin
# either way).
# expect: test_numerical_hessian=2
# expect-mistake: test_numerical_hessian=missing_factor_four
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
            H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (h * h)
            H[j, i] = H[i, j]
    return H
