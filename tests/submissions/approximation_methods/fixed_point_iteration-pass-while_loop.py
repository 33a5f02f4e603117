# A correct alternative: a while loop with an explicit counter, the step kept in a variable.
# %% fixed_point_iteration
def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    """Fixed-point iteration x_{k+1} = g(x_k) until |x_{k+1} - x_k| < tol."""
    iterates = [float(x0)]
    calls = 0
    step = np.inf
    while step >= tol:
        if calls == max_iter:
            raise RuntimeError(f"no step below {tol} within {max_iter} iterations")
        x_new = float(g(iterates[-1]))
        calls += 1
        step = abs(x_new - iterates[-1])
        iterates.append(x_new)
    return iterates[-1], np.array(iterates)
