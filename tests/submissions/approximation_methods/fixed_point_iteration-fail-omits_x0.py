# The iterates start at x1: x0 is never stored.
# expect: test_fixed_point_iteration=3
# expect-mistake: test_fixed_point_iteration=fixed_point_omits_x0
# %% fixed_point_iteration
def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    x = float(x0)
    iterates = []
    for _ in range(max_iter):
        x_new = g(x)
        iterates.append(x_new)
        if abs(x_new - x) < tol:
            return x_new, np.array(iterates, dtype=float)
        x = x_new
    raise RuntimeError("did not converge")
