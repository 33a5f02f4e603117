"""Hidden checks for fixed_point_iteration(g, x0, tol=1e-10, max_iter=1000): x_{k+1} = g(x_k) until
|x_{k+1} - x_k| < tol, returning (x, iterates); RuntimeError after max_iter calls of g."""
import numpy as np

from autograder.checking import expect_true, mistake, points, tolerances
from autograder.checking.numerics import sequence_order
from autograder.checks.approximation_methods.functions import (X_COS, X_EXP, cosine, exp_minus, expect_raising,
                                                               expect_result, expect_returns, iterates_of)


def _iterate(g, x0, tol, max_iter, late=False):
    """The contract's loop on the trusted side: (iterates, converged). ``late`` tests the step
    before the one just made."""
    iterates, step, previous = [float(x0)], np.inf, np.inf
    for _ in range(max_iter):
        iterates.append(float(g(iterates[-1])))
        previous, step = step, abs(iterates[-1] - iterates[-2])
        if (previous if late else step) < tol:
            return iterates, True
    return iterates, False


def _converged(iterates, converged):
    if not converged:
        raise RuntimeError("not converged")
    return np.float64(iterates[-1]), np.array(iterates)


@mistake("fixed_point_iterates_list", "This matches iterates returned as a Python list: return a float64 NumPy "
         "array, np.array(iterates, dtype=float).")
def iterates_list(g, x0, tol=1e-10, max_iter=1000):
    x, iterates = _converged(*_iterate(g, x0, tol, max_iter))
    return x, [float(v) for v in iterates]


@mistake("fixed_point_omits_x0", "This matches iterates without x0: the array must start with the starting "
         "point, [x0, x1, ..., x_last] (59 entries for cos from 1, not 58).")
def omits_x0(g, x0, tol=1e-10, max_iter=1000):
    x, iterates = _converged(*_iterate(g, x0, tol, max_iter))
    return x, iterates[1:]


@mistake("fixed_point_stops_one_late", "This matches stopping one iteration late: stop as soon as the step just "
         "made, |x_{k+1} - x_k|, is below tol, not when the step before it was.")
def stops_one_late(g, x0, tol=1e-10, max_iter=1000):
    return _converged(*_iterate(g, x0, tol, max_iter, late=True))


@mistake("fixed_point_returns_previous_iterate", "This matches returning x_k, the iterate before the last: return "
         "x_{k+1}, the iterate whose step passed the test (it is also iterates[-1]).")
def returns_previous_iterate(g, x0, tol=1e-10, max_iter=1000):
    x, iterates = _converged(*_iterate(g, x0, tol, max_iter))
    return iterates[-2], iterates


@mistake("fixed_point_max_iter_off_by_one", "This matches a loop that allows max_iter + 1 calls of g: max_iter is "
         "the number of iterations (calls of g), so cos from 1 needs max_iter=58 and max_iter=57 must raise.")
def max_iter_off_by_one(g, x0, tol=1e-10, max_iter=1000):
    iterates, converged = _iterate(g, x0, tol, max_iter + 1)
    if len(iterates) <= max_iter + 1:
        raise ValueError("the same answer as the contract's: not this mistake")
    return _converged(iterates, converged)


@mistake("fixed_point_returns_instead_of_raising", "This matches returning the unconverged iterates after max_iter "
         "iterations: raise RuntimeError when no step is below tol, so the caller knows it failed.")
def returns_instead_of_raising(g, x0, tol=1e-10, max_iter=1000):
    iterates, converged = _iterate(g, x0, tol, max_iter)
    if converged:
        raise ValueError("the same answer as the contract's: not this mistake")
    return np.float64(iterates[-1]), np.array(iterates)


@mistake("fixed_point_calls_g_twice", "Your iterates are right, but g is called twice per iterate (once in the "
         "test, once in the update): compute x_new = g(x) once and reuse it.")
def calls_g_twice(g, x0, tol=1e-10, max_iter=1000):
    x, iterates = float(x0), [float(x0)]
    for _ in range(max_iter):
        step = abs(g(x) - x)
        x = float(g(x))
        iterates.append(x)
        if step < tol:
            return np.float64(x), np.array(iterates)
    raise RuntimeError("not converged")


@points(1)
def test_matches_the_reference_iterates(student, reference, rng):
    """Check that cos from x0 = 1 (59 iterates) and exp(-x) from a random start give the reference's iterates."""
    expect_result(student.fixed_point_iteration(cosine, 1), reference.fixed_point_iteration(cosine, 1),
                  what="fixed_point_iteration(cos, 1)", **tolerances.iteration(58))
    x0, tol = float(rng.uniform(-1, 2)), 10.0 ** -int(rng.integers(6, 13))
    want = reference.fixed_point_iteration(exp_minus, x0, tol=tol)
    expect_result(student.fixed_point_iteration(exp_minus, x0, tol=tol), want,
                  what="fixed_point_iteration(exp(-x), x0, tol) from a random start", **tolerances.iteration(60))


@points(1)
def test_converges_linearly_with_rate_g_prime(student, rng):
    """Check that near x* the error shrinks by the constant factor |g'(x*)| per iteration (linear convergence)."""
    for g, x_star, rate, name in ((cosine, X_COS, np.sin(X_COS), "cos"), (exp_minus, X_EXP, X_EXP, "exp(-x)")):
        got = student.fixed_point_iteration(g, float(rng.uniform(-1, 2)))
        errors = np.abs(iterates_of(got, what=f"fixed_point_iteration({name}, x0)") - x_star)
        usable = errors[(errors > 1e-9) & (errors < 1e-3)]  # the asymptotic phase, far above rounding
        measured = float(np.median(usable[1:] / usable[:-1])) if usable.size >= 4 else np.nan
        order = sequence_order(usable) if usable.size >= 3 else np.nan
        expect_true(abs(measured - rate) <= 0.01 and abs(order - 1) <= 0.1,
                    f"Fixed-point iteration with g = {name} converges linearly: near x* each iteration multiplies "
                    f"the error by |g'(x*)| = {rate:.3f}. Between errors 1e-3 and 1e-9 your iterates show a factor "
                    f"of {measured:.3f} and an order of {order:.2f} (expected 1). Return every iterate, one per "
                    "call of g, starting with x0.", got=got)


@points(1)
def test_calls_g_once_per_iterate(student, reference, rng):
    """Check that g is called at most once per new iterate."""
    x0 = float(rng.uniform(-1, 2))
    got = student.fixed_point_iteration(cosine, x0, tol=1e-6)
    iterates = iterates_of(got, what="fixed_point_iteration(cos, x0, tol=1e-6)")
    new = max(len(reference.fixed_point_iteration(cosine, x0, tol=1e-6)[1]), len(iterates)) - 1
    calls = got.calls.get("cosine", 0)
    expect_true(calls <= new, f"fixed_point_iteration(cos, x0, tol=1e-6) called g {calls} times for {new} new "
                f"iterates; the budget is one call of g per new iterate.", got=got)


@points(1)
def test_max_iter_counts_the_calls_of_g(student, reference, rng):
    """Check that max_iter = n, the iterations needed, converges and max_iter = n - 1 raises RuntimeError."""
    for x0, where in ((1, "x0 = 1, n = 58"), (float(rng.uniform(-1, 2)), "a random x0, n from the reference")):
        n = len(reference.fixed_point_iteration(cosine, x0)[1]) - 1
        expect_returns(student.fixed_point_iteration, cosine, x0, max_iter=n,
                       what=f"fixed_point_iteration(cos, x0, max_iter=n) ({where})",
                       hint="It converges at the n-th call of g, which max_iter = n allows.")
        expect_raising("RuntimeError", student.fixed_point_iteration, cosine, x0, max_iter=n - 1,
                       what=f"fixed_point_iteration(cos, x0, max_iter=n - 1) ({where})",
                       hint="max_iter is the number of calls of g; without a step below tol by then, raise "
                            "RuntimeError.")
