"""Reference solutions for the `approximation_methods` assignment (Level 12, Chapter 2).

One function per row of section 3 of ``../shared/EXERCISES.md``; the names, signatures and
semantics are that contract's. This module is the single source of truth for expected values:
the hidden checks compare a submission with these functions, and the source notebook's solution
cells are these functions' code, so the two cannot drift apart.

Conventions shared by every function (the contract's common rules):
- Integers, NumPy scalars and (where a point is taken) lists are accepted; results stated as
  float64 are float64 for integer inputs too.
- No function modifies its arguments.
- Iterates are returned as float64 arrays that start with the starting point(s).
- Each iterative method respects a function-evaluation budget, stated in its docstring.
"""
import numpy as np

__all__ = [
    "fixed_point_iteration",
    "newton_root",
    "secant_root",
    "estimate_convergence_order",
    "has_converged",
    "newton_minimize",
]


def fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000):
    """Fixed-point iteration x_{k+1} = g(x_k).

    Starting from x0, compute x1 = g(x0), x2 = g(x1), ... and stop at the first k with
    |x_{k+1} - x_k| < tol (strictly less). At most ``max_iter`` iterations (calls of g).

    Parameters
    ----------
    g : callable
        The iteration function, called once per new iterate (never twice on the same point).
    x0 : number
        The starting point (an int is fine). The contract's problems are scalar; the same code
        accepts a 1-D array x0, with |.| read as the largest absolute entry (the infinity norm).
    tol : float
        Stop as soon as the step |x_{k+1} - x_k| is strictly smaller than tol.
    max_iter : int
        The largest number of iterations (new iterates) allowed.

    Returns
    -------
    x : numpy.float64
        The last iterate x_{k+1} (the one whose step passed the test).
    iterates : numpy.ndarray, float64, shape (k + 2,)
        Every iterate, [x0, x1, ..., x_last], starting with x0.

    Raises
    ------
    RuntimeError
        If no step is smaller than tol within ``max_iter`` iterations.

    Example: g = cos from x0 = 1 stops at 0.7390851332... after 58 iterations (59 iterates), so
    ``max_iter=57`` raises RuntimeError.
    """
    x = np.array(x0, dtype=float)           # a float64 copy: x0 itself is never modified
    if x.ndim == 0:
        x = float(x)
    iterates = [x]
    for _ in range(max_iter):
        x_new = np.array(g(x), dtype=float)  # one call of g per new iterate
        if x_new.ndim == 0:
            x_new = float(x_new)
        iterates.append(x_new)
        step = np.max(np.abs(np.subtract(x_new, x)))
        x = x_new
        if step < tol:
            iterates = np.array(iterates, dtype=float)
            return iterates[-1].copy(), iterates
    raise RuntimeError(
        f"fixed_point_iteration did not converge within max_iter={max_iter} iterations "
        f"(no step smaller than tol={tol!r})")


def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    """Newton's method for a root of f: x <- x - f(x) / df(x).

    At every iterate, x0 included, test the residual first: if |f(x)| < tol (strictly), stop and
    return. Otherwise take a Newton step. At most ``max_iter`` steps; the iterate made by the last
    step is tested too, and if it has not converged either, RuntimeError.

    Parameters
    ----------
    f, df : callable
        The function and its derivative (scalar to scalar). f is called at most once per iterate
        and df at most once per step (f(x) is kept from the test and reused in the step).
    x0 : number
        The starting point (an int is fine).
    tol : float
        Tolerance on the residual |f(x)|.
    max_iter : int
        The largest number of Newton steps.

    Returns
    -------
    root : numpy.float64
        The last iterate (the first one with |f| < tol).
    iterates : numpy.ndarray, float64, shape (k + 1,)
        Every iterate [x0, x1, ..., root], starting with x0.

    Raises
    ------
    ZeroDivisionError
        If df(x) == 0 at an iterate that has not already converged (|f(x)| is tested first, so a
        zero derivative at a root is not an error).
    RuntimeError
        If no iterate has |f| < tol after ``max_iter`` steps.

    Example: f = x**2 - 2 from 1 gives the iterates 1, 1.5, 1.4166666666666667,
    1.4142156862745099, 1.4142135623746899, 1.4142135623730951.
    """
    x = float(np.asarray(x0, dtype=float))
    iterates = [x]
    fx = f(x)
    for _ in range(max_iter):
        if abs(fx) < tol:
            return np.float64(x), np.array(iterates, dtype=float)
        dfx = df(x)
        if dfx == 0:
            raise ZeroDivisionError(
                f"newton_root: df(x) == 0 at x = {x!r}, where |f(x)| = {abs(fx)!r} >= tol")
        x = float(x - fx / dfx)
        iterates.append(x)
        fx = f(x)                            # one call of f per iterate
    if abs(fx) < tol:                        # the iterate made by the last step is tested too
        return np.float64(x), np.array(iterates, dtype=float)
    raise RuntimeError(
        f"newton_root did not converge within max_iter={max_iter} steps "
        f"(last |f(x)| = {abs(fx)!r}, tol={tol!r})")


def secant_root(f, x0, x1, tol=1e-12, max_iter=100):
    """Secant method for a root of f.

    x_{k+1} = x_k - f(x_k) (x_k - x_{k-1}) / (f(x_k) - f(x_{k-1})).
    Stop at the first k >= 1 with |f(x_k)| < tol (x1 is tested before any step; x0 is never
    tested). At most ``max_iter`` new points x2, x3, ...; the last one is tested too, and if it
    has not converged either, RuntimeError.

    Parameters
    ----------
    f : callable
        Scalar to scalar. Called exactly once per iterate: f(x_{k-1}) is kept from the previous
        step and reused, never recomputed.
    x0, x1 : number
        The two starting points (ints are fine).
    tol : float
        Tolerance on the residual |f(x_k)|.
    max_iter : int
        The largest number of new points (secant steps).

    Returns
    -------
    root : numpy.float64
        The last iterate (the first x_k, k >= 1, with |f(x_k)| < tol).
    iterates : numpy.ndarray, float64, shape (k + 1,)
        Every iterate [x0, x1, x2, ..., root], starting with x0 and x1.

    Raises
    ------
    ZeroDivisionError
        If a secant step meets a zero denominator f(x_k) - f(x_{k-1}) == 0 (for instance
        x0 == x1) at an iterate that has not converged.
    RuntimeError
        If no new point has |f| < tol after ``max_iter`` steps.
    """
    x_prev = float(np.asarray(x0, dtype=float))
    x = float(np.asarray(x1, dtype=float))
    iterates = [x_prev, x]
    f_prev = f(x_prev)
    fx = f(x)
    if abs(fx) < tol:
        return np.float64(x), np.array(iterates, dtype=float)
    for _ in range(max_iter):
        denominator = fx - f_prev
        if denominator == 0:
            raise ZeroDivisionError(
                f"secant_root: f(x_k) - f(x_(k-1)) == 0 at x_k = {x!r}, x_(k-1) = {x_prev!r}")
        x_new = float(x - fx * (x - x_prev) / denominator)
        iterates.append(x_new)
        f_new = f(x_new)                     # the only call of f in a step
        x_prev, f_prev = x, fx               # f(x_(k-1)) is reused, not recomputed
        x, fx = x_new, f_new
        if abs(fx) < tol:
            return np.float64(x), np.array(iterates, dtype=float)
    raise RuntimeError(
        f"secant_root did not converge within max_iter={max_iter} new points "
        f"(last |f(x)| = {abs(fx)!r}, tol={tol!r})")


def estimate_convergence_order(errors):
    """Estimate the order of convergence p from the last three errors.

    With e_{k-1}, e_k, e_{k+1} the last three entries of ``errors`` (positive numbers, for
    instance |x_k - x*|), e_{k+1} ~ C e_k^p gives

        p = log(e_{k+1} / e_k) / log(e_k / e_{k-1}).

    Linear convergence gives p ~ 1, the secant method p ~ 1.618 (the golden ratio), Newton's
    method p ~ 2. Use errors taken before they reach rounding level (about 1e-15 relative).

    Parameters
    ----------
    errors : 1-D sequence of positive numbers (list or array; ints are fine).

    Returns
    -------
    p : float

    Raises
    ------
    ValueError
        If ``errors`` has fewer than three entries (or is not one-dimensional).
    """
    e = np.asarray(errors, dtype=float)
    if e.ndim != 1 or e.size < 3:
        raise ValueError(
            "estimate_convergence_order needs a 1-D sequence of at least three errors, "
            f"got shape {e.shape}")
    return float(np.log(e[-1] / e[-2]) / np.log(e[-2] / e[-3]))


def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    """Mixed absolute/relative stopping test on the step.

    True iff ||x_new - x_old|| <= atol + rtol * ||x_new||, where ||.|| is the absolute value for
    scalars and the infinity norm (the largest absolute entry) for 1-D arrays. The comparison is
    "<=" (a step exactly at the threshold has converged). NaN never converges.

    Parameters
    ----------
    x_new, x_old : number or 1-D array-like of the same length (lists and ints are fine).
    atol, rtol : float
        Absolute and relative tolerances.

    Returns
    -------
    bool
        A Python bool.
    """
    x_new = np.asarray(x_new, dtype=float)
    x_old = np.asarray(x_old, dtype=float)
    step = np.max(np.abs(x_new - x_old))
    size = np.max(np.abs(x_new))
    return bool(step <= atol + rtol * size)


def newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    """Newton's method for minimization: solve H s = g, then x <- x - s.

    At every iterate, x0 included, evaluate g = grad_f(x) and stop if ||g||_2 < tol (strictly),
    before any step. Otherwise H = hess_f(x), solve H s = g with numpy.linalg.solve (never form
    the inverse of H) and set x <- x - s. After ``max_iter`` steps without convergence it returns
    what it has (no error).

    Parameters
    ----------
    grad_f : callable
        x (float64 array, shape (n,)) -> gradient, shape (n,).
    hess_f : callable
        x -> Hessian, shape (n, n).
    x0 : array-like, shape (n,)
        The starting point (a list or an int array is fine; it is copied, never modified).
    tol : float
        Tolerance on the Euclidean norm of the gradient.
    max_iter : int
        The largest number of Newton steps.

    Returns
    -------
    x : numpy.ndarray, float64, shape (n,)
        The last point of the path.
    path : numpy.ndarray, float64, shape (k + 1, n)
        Every point [x0, x1, ..., x_k], starting with x0 (k = number of steps taken).

    Raises
    ------
    numpy.linalg.LinAlgError
        If a Hessian is singular (raised by numpy.linalg.solve and left to propagate).
    """
    x = np.array(x0, dtype=float).reshape(-1)   # float64 copy, shape (n,)
    n = x.size
    path = [x]
    for _ in range(max_iter):
        g = np.asarray(grad_f(x), dtype=float).reshape(n)
        if np.linalg.norm(g) < tol:
            break
        H = np.asarray(hess_f(x), dtype=float).reshape(n, n)
        s = np.linalg.solve(H, g)            # LinAlgError on a singular Hessian
        x = x - s
        path.append(x)
    path = np.array(path, dtype=float)
    return path[-1].copy(), path
