# Unregistered: perturbs the caller's array in place and never puts the coordinate back: the point is
# modified, and later components are taken at a shifted point.
# expect: test_numerical_gradient=0.5
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.asarray(point, dtype=float)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
