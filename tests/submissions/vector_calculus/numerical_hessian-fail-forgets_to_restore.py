# Unregistered: steps the caller's array in place and leaves each coordinate at x_i - h: the point is
# modified, and every entry after the first is taken at a shifted point (also at the monkey saddle's
# origin, where the shifted point has a non-zero Hessian). Only the symmetry (mirrored) survives.
# expect: test_numerical_hessian=1
# %% numerical_hessian
def numerical_hessian(f, point, h=1e-4):
    x = np.asarray(point, dtype=float)
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            xi, xj = x[i], x[j]
            x[i] += h; x[j] += h
            f_pp = f(x)
            x[j] = xj - h
            f_pm = f(x)
            x[i] = xi - h
            f_mm = f(x)
            x[j] = xj + h
            f_mp = f(x)
            x[j] = xj
            H[i, j] = H[j, i] = (f_pp - f_pm - f_mp + f_mm) / (4 * h * h)
    return H
