# The stopping test looks at the previous step, so the loop runs one iteration too many.
# expect: test_fixed_point_iteration=2
# expect-mistake: test_fixed_point_iteration=fixed_point_stops_one_late
# %% fixed_point_iteration
def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    iterates = [float(x0)]
    last_step = np.inf
    for _ in range(max_iter):
        if last_step < tol:
            break
        iterates.append(float(g(iterates[-1])))
        if len(iterates) > 2:
            last_step = abs(iterates[-2] - iterates[-3])
    else:
        if last_step >= tol:
            raise RuntimeError("did not converge")
    return iterates[-1], np.array(iterates)
