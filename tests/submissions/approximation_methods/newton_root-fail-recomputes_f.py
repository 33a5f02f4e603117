# f evaluated twice per iterate: once in the test, once in the step.
# expect: test_newton_root=4
# expect-mistake: test_newton_root=newton_recomputes_f
# %% newton_root
def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    x = float(x0)
    iterates = [x]
    for _ in range(max_iter):
        if abs(f(x)) < tol:
            return x, np.array(iterates)
        d = df(x)
        if d == 0:
            raise ZeroDivisionError("df(x) == 0")
        x = float(x - f(x) / d)
        iterates.append(x)
    if abs(f(x)) < tol:
        return x, np.array(iterates)
    raise RuntimeError("not converged")
