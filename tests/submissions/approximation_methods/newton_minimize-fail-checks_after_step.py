# The gradient is tested after the step: a start at a minimum still takes a step (and asks for a singular H).
# expect: test_newton_minimize=2.5
# expect-mistake: test_newton_minimize=newton_min_checks_after_step
# %% newton_minimize
def newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(max_iter):
        x = x - np.linalg.solve(hess_f(x), grad_f(x))
        path.append(x)
        if np.linalg.norm(grad_f(x)) < tol:
            break
    return x, np.array(path)
