# No test of df(x) == 0: with NumPy floats the division gives inf and a warning, not ZeroDivisionError.
# expect: test_newton_root=4.5
# %% newton_root
def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    x = float(x0)
    fx = f(x)
    iterates = [x]
    for _ in range(max_iter):
        if abs(fx) < tol:
            return x, np.array(iterates)
        x = x - fx / df(x)
        iterates.append(x)
        fx = f(x)
    if abs(fx) < tol:
        return x, np.array(iterates)
    raise RuntimeError("not converged")
