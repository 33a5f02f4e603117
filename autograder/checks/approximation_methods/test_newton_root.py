"""Hidden checks for newton_root(f, df, x0, tol=1e-12, max_iter=50): test |f(x)| < tol at every iterate
(x0 included), else x <- x - f(x)/df(x); (root, iterates); ZeroDivisionError, RuntimeError."""
import numpy as np

from autograder.checking import expect_true, mistake, points, tolerances
from autograder.checking.numerics import sequence_order
from autograder.checks.approximation_methods.functions import (
    CBRT2, NOT_THIS_MISTAKE, SQRT2_ITERATES, converged_answer, cube_minus_two, cube_minus_two_slope, cycling_cubic,
    cycling_cubic_slope, expect_raising, expect_result, expect_returns, iterates_of, square, square_minus_four,
    square_minus_four_slope, square_minus_one, square_minus_one_slope, square_minus_two, square_minus_two_slope,
    square_slope, unconverged_answer)


def _steps(f, df, x0, tol, max_iter, test_x0=True):
    """Newton steps on the trusted side, stopping on the residual: (iterates, converged)."""
    iterates = [float(x0)]
    for k in range(max_iter):
        if (test_x0 or k > 0) and abs(f(iterates[-1])) < tol:
            return iterates, True
        iterates.append(float(iterates[-1] - f(iterates[-1]) / df(iterates[-1])))
    return iterates, bool(abs(f(iterates[-1])) < tol)


@mistake("newton_iterates_list", "This matches iterates returned as a Python list: return a float64 NumPy array, "
         "np.array(iterates, dtype=float).")
def iterates_list(f, df, x0, tol=1e-12, max_iter=50):
    return converged_answer(*_steps(f, df, x0, tol, max_iter), as_list=True)


@mistake("newton_skips_x0_test", "This matches taking a step before testing x0: test |f(x0)| < tol first, so a "
         "starting point that already solves f(x) = 0 is returned with iterates == [x0].")
def skips_x0_test(f, df, x0, tol=1e-12, max_iter=50):
    if abs(f(x0)) >= tol:
        raise ValueError(NOT_THIS_MISTAKE)
    return converged_answer(*_steps(f, df, x0, tol, max_iter, test_x0=False))


@mistake("newton_stops_on_step", "This matches stopping on the step |x_new - x| < tol: stop on the residual "
         "|f(x)| < tol, tested before each step (x**2 - 2 from 1 gives 6 iterates, not 7).")
def stops_on_step(f, df, x0, tol=1e-12, max_iter=50):
    iterates = [float(x0)]
    for _ in range(max_iter):
        iterates.append(float(iterates[-1] - f(iterates[-1]) / df(iterates[-1])))
        if abs(iterates[-1] - iterates[-2]) < tol:
            if len(iterates) == len(_steps(f, df, x0, tol, max_iter)[0]):
                raise ValueError(NOT_THIS_MISTAKE)
            return np.float64(iterates[-1]), np.array(iterates)
    raise RuntimeError("not converged")


@mistake("newton_returns_on_max_iter", "This matches returning the unconverged iterates after max_iter steps: "
         "test the last iterate too, and if |f| >= tol raise RuntimeError (a cycling start must fail loudly).")
def returns_on_max_iter(f, df, x0, tol=1e-12, max_iter=50):
    return unconverged_answer(*_steps(f, df, x0, tol, max_iter))


@mistake("newton_recomputes_f", "Your iterates are right, but f is evaluated twice at the same point: keep "
         "fx = f(x) from the test and reuse it in the step (budget: one call of f per iterate).")
def recomputes_f(f, df, x0, tol=1e-12, max_iter=50):
    return converged_answer(*_steps(f, df, x0, tol, max_iter))


def _random_start(rng):
    return float(rng.uniform(1.6, 3.0))  # x**3 - 2 from here: several steps in the quadratic phase


@points(1)
def test_iterates_match_the_reference(student, reference, rng):
    """Check the iterates of x**2 - 2 from 1 (the notebook's table) and of x**3 - 2 from a random start."""
    expect_result(student.newton_root(square_minus_two, square_minus_two_slope, 1),
                  (SQRT2_ITERATES[-1], SQRT2_ITERATES), what="newton_root(x**2 - 2, 2x, 1)", **tolerances.iteration(5))
    x0 = _random_start(rng)
    expect_result(student.newton_root(cube_minus_two, cube_minus_two_slope, x0),
                  reference.newton_root(cube_minus_two, cube_minus_two_slope, x0),
                  what="newton_root(x**3 - 2, 3x**2, x0) from a random start", **tolerances.iteration(10))


@points(1)
def test_converges_quadratically(student, rng):
    """Check that the order measured from the iterates on a simple root is at least 1.8 (quadratic)."""
    got = student.newton_root(cube_minus_two, cube_minus_two_slope, _random_start(rng))
    errors = np.abs(iterates_of(got, what="newton_root(x**3 - 2, 3x**2, x0)") - CBRT2)
    usable = errors[(errors > 1e-13) & (errors < 1e-1)]  # the asymptotic phase, above rounding
    order = sequence_order(usable) if usable.size >= 3 else np.nan
    expect_true(order >= 1.8, f"Newton's method converges quadratically to the simple root of x**3 - 2: the order "
                f"p = log(e_(k+1)/e_k) / log(e_k/e_(k-1)) from your last errors between 1e-1 and 1e-13 should be "
                f"about 2, but it is {order:.2f}. Use x <- x - f(x)/df(x) with the current x at every step.", got=got)


@points(1)
def test_evaluation_budget(student, reference, rng):
    """Check at most one call of f per iterate and one call of df per step."""
    x0 = _random_start(rng)
    got = student.newton_root(cube_minus_two, cube_minus_two_slope, x0)
    iterates = iterates_of(got, what="newton_root(x**3 - 2, 3x**2, x0)")
    n = max(len(reference.newton_root(cube_minus_two, cube_minus_two_slope, x0)[1]), len(iterates))
    f_calls, df_calls = got.calls.get("cube_minus_two", 0), got.calls.get("cube_minus_two_slope", 0)
    expect_true(f_calls <= n and df_calls <= n - 1,
                f"newton_root(x**3 - 2, 3x**2, x0) called f {f_calls} times and df {df_calls} times for {n} iterates "
                f"({n - 1} steps); the budget is one call of f per iterate and one of df per step.", got=got)


@points(0.5)
def test_the_residual_is_tested_first(student, reference):
    """Check that an x0 that solves f(x) = 0 is returned at once, even where df(x0) == 0."""
    expect_result(student.newton_root(square_minus_four, square_minus_four_slope, 2),
                  reference.newton_root(square_minus_four, square_minus_four_slope, 2),
                  what="newton_root(x**2 - 4, 2x, 2), where x0 is already a root", rtol=0, atol=0, why="exact")
    got = expect_returns(student.newton_root, square, square_slope, 0, what="newton_root(x**2, 2x, 0)",
                         hint="x0 = 0 is a root: test |f(x)| < tol before looking at df(x).")
    expect_result(got, reference.newton_root(square, square_slope, 0), what="newton_root(x**2, 2x, 0)", rtol=0,
                  atol=0, why="exact")


@points(0.5)
def test_zero_derivative_raises(student):
    """Check that df(x) == 0 at an iterate that has not converged raises ZeroDivisionError."""
    for x0 in (0, 0.0):
        expect_raising("ZeroDivisionError", student.newton_root, square_minus_one, square_minus_one_slope, x0,
                       what=f"newton_root(x**2 - 1, 2x, {x0!r}) (df(x0) == 0, f(x0) == -1)",
                       hint="Test df(x) == 0 yourself and raise ZeroDivisionError: a NumPy float divided by 0 "
                            "gives inf and a warning, not an exception.")


@points(1)
def test_max_iter_counts_steps(student, reference, rng):
    """Check that max_iter = n, the steps needed, converges (the last iterate is tested), n - 1 and a cycle raise."""
    x0 = _random_start(rng)
    for f, df, start, name in ((square_minus_two, square_minus_two_slope, 1, "newton_root(x**2 - 2, 2x, 1)"),
                               (cube_minus_two, cube_minus_two_slope, x0, "newton_root(x**3 - 2, 3x**2, x0)")):
        n = len(reference.newton_root(f, df, start)[1]) - 1
        expect_returns(student.newton_root, f, df, start, max_iter=n,
                       what=f"{name} with max_iter = n (the steps it needs)",
                       hint="The n-th step makes a root; test the iterate made by the last step too.")
        expect_raising("RuntimeError", student.newton_root, f, df, start, max_iter=n - 1,
                       what=f"{name} with max_iter = n - 1")
    expect_raising("RuntimeError", student.newton_root, cycling_cubic, cycling_cubic_slope, 0,
                   what="newton_root(x**3 - 2x + 2, 3x**2 - 2, 0) (it cycles 0, 1, 0, 1, ...)")
