# A correct alternative: the standard 3-point second difference on the diagonal, the 4-point formula
# off it, computed once per pair and mirrored.
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = x.size
    H = np.empty((n, n))
    fx = f(x)
    I = np.eye(n) * h
    for i in range(n):
        H[i, i] = (f(x + I[i]) - 2 * fx + f(x - I[i])) / h ** 2
        for j in range(i + 1, n):
            H[i, j] = H[j, i] = (f(x + I[i] + I[j]) - f(x + I[i] - I[j])
                                 - f(x - I[i] + I[j]) + f(x - I[i] - I[j])) / (4 * h ** 2)
    return H
