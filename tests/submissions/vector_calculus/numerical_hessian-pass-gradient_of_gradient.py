# A correct alternative: column j is the central difference of numerical_gradient (earlier cell) along
# e_j, with the same step; averaged with its transpose so the result is exactly symmetric.
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        H[:, j] = (numerical_gradient(f, x + e, h) - numerical_gradient(f, x - e, h)) / (2 * h)
    return (H + H.T) / 2
