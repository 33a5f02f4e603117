# The loop allows max_iter + 1 calls of g.
# expect: test_fixed_point_iteration=3
# expect-mistake: test_fixed_point_iteration=fixed_point_max_iter_off_by_one
# %% fixed_point_iteration
def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    x = float(x0)
    iterates = [x]
    k = 0
    while k <= max_iter:
        x_new = g(x)
        iterates.append(x_new)
        k += 1
        if abs(x_new - x) < tol:
            return x_new, np.array(iterates, dtype=float)
        x = x_new
    raise RuntimeError("did not converge")
