# g evaluated twice per iterate: once in the test, once in the update.
# expect: test_fixed_point_iteration=3
# expect-mistake: test_fixed_point_iteration=fixed_point_calls_g_twice
# %% fixed_point_iteration
def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    x = float(x0)
    iterates = [x]
    for _ in range(max_iter):
        converged = abs(g(x) - x) < tol
        x = g(x)
        iterates.append(x)
        if converged:
            return x, np.array(iterates, dtype=float)
    raise RuntimeError("did not converge")
