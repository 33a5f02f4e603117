# x <- x + s: a step away from the critical point.
# expect: test_newton_minimize=2
# expect-mistake: test_newton_minimize=newton_min_wrong_sign
# %% newton_minimize
def newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(max_iter):
        g = grad_f(x)
        if np.linalg.norm(g) < tol:
            break
        x = x + np.linalg.solve(hess_f(x), g)
        path.append(x)
    return x, np.array(path)
