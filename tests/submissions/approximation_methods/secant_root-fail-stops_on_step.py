# Stops on the step |x_(k+1) - x_k| < tol instead of the residual |f(x_k)| < tol.
# expect: test_secant_root=2.5
# expect-mistake: test_secant_root=secant_stops_on_step
# %% secant_root
def secant_root(f, x0, x1, tol=1e-12, max_iter=100):
    x_prev, x = float(x0), float(x1)
    f_prev, fx = f(x_prev), f(x)
    iterates = [x_prev, x]
    for _ in range(max_iter):
        if fx == f_prev:
            raise ZeroDivisionError("f(x_k) == f(x_(k-1))")
        x_new = x - fx * (x - x_prev) / (fx - f_prev)
        iterates.append(x_new)
        x_prev, f_prev, x, fx = x, fx, x_new, f(x_new)
        if abs(x - x_prev) < tol:
            return x, np.array(iterates)
    raise RuntimeError("not converged")
