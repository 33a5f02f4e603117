# Three calls of f per step: f(x_k) and f(x_(k-1)) are recomputed instead of kept.
# expect: test_secant_root=3
# expect-mistake: test_secant_root=secant_recomputes_f_prev
# %% secant_root
def secant_root(f, x0, x1, tol=1e-12, max_iter=100):
    iterates = [float(x0), float(x1)]
    if abs(f(x1)) < tol:
        return float(x1), np.array(iterates)
    for _ in range(max_iter):
        a, b = iterates[-2], iterates[-1]
        if f(b) - f(a) == 0:
            raise ZeroDivisionError("f(x_k) == f(x_(k-1))")
        iterates.append(float(b - f(b) * (b - a) / (f(b) - f(a))))
        if abs(f(iterates[-1])) < tol:
            return iterates[-1], np.array(iterates)
    raise RuntimeError("not converged")
