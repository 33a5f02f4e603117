# Stops on the step |x_new - x| < tol instead of the residual |f(x)| < tol.
# expect: test_newton_root=2
# expect-mistake: test_newton_root=newton_stops_on_step
# %% newton_root
def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    x = float(x0)
    iterates = [x]
    for _ in range(max_iter):
        x_new = float(x - f(x) / df(x))
        iterates.append(x_new)
        if abs(x_new - x) < tol:
            return x_new, np.array(iterates)
        x = x_new
    raise RuntimeError("not converged")
