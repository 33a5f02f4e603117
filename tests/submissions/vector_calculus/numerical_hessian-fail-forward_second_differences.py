# Unregistered: one-sided (forward) second differences: first order, off by about h |f'''|, and not zero
# at the monkey saddle's origin.
# expect: test_numerical_hessian=1.5
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    fx = f(x)
    for i in range(n):
        for j in range(n):
            ei = np.zeros(n)
            ej = np.zeros(n)
            ei[i] = h
            ej[j] = h
            H[i, j] = (f(x + ei + ej) - f(x + ei) - f(x + ej) + fx) / (h * h)
    return H
