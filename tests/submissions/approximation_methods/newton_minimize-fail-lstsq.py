# A least-squares step: a singular Hessian gives some step instead of LinAlgError.
# expect: test_newton_minimize=3
# expect-mistake: test_newton_minimize=newton_min_lstsq_or_pinv
# %% newton_minimize
def newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(max_iter):
        g = grad_f(x)
        if np.linalg.norm(g) < tol:
            break
        x = x - np.linalg.lstsq(hess_f(x), g, rcond=None)[0]
        path.append(x)
    return x, np.array(path)
