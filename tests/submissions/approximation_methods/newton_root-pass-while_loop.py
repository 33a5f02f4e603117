# A correct alternative: a while loop over the step count, f(x) kept as a float between steps.
# %% newton_root
def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    """Newton's method for a root of f, stopping on |f(x)| < tol."""
    x = float(x0)
    fx = float(f(x))
    iterates = [x]
    steps = 0
    while abs(fx) >= tol:
        if steps == max_iter:
            raise RuntimeError(f"|f(x)| = {abs(fx)} after {max_iter} steps")
        slope = df(x)
        if slope == 0:
            raise ZeroDivisionError("df(x) == 0")
        x = x - fx / slope
        fx = float(f(x))
        iterates.append(x)
        steps += 1
    return x, np.array(iterates, dtype=float)
