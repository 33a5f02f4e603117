# A correct alternative: the secant slope computed first, points and values shifted as pairs.
# %% secant_root
def secant_root(f, x0, x1, tol=1e-12, max_iter=100):
    """Secant method, stopping at the first x_k (k >= 1) with |f(x_k)| < tol."""
    a, b = float(x0), float(x1)
    fa, fb = f(a), f(b)
    iterates = [a, b]
    for _ in range(max_iter):
        if abs(fb) < tol:
            break
        if fb == fa:
            raise ZeroDivisionError("horizontal secant")
        slope = (fb - fa) / (b - a)
        a, fa = b, fb
        b = b - fb / slope
        fb = f(b)
        iterates.append(b)
    else:
        if abs(fb) >= tol:
            raise RuntimeError("no convergence within max_iter new points")
    return np.float64(b), np.array(iterates, dtype=float)
