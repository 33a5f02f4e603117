"""Hidden checks for secant_root(f, x0, x1, tol=1e-12, max_iter=100): secant steps until |f(x_k)| < tol
(k >= 1), (root, iterates) from [x0, x1, ...]; one call of f per iterate; ZeroDivisionError, RuntimeError."""
import numpy as np

from autograder.checking import expect_true, mistake, points, tolerances
from autograder.checking.numerics import sequence_order
from autograder.checks.approximation_methods.functions import (CBRT2, NOT_THIS_MISTAKE, converged_answer,
                                                               cube_minus_two, expect_raising, expect_result,
                                                               expect_returns, iterates_of, square_minus_four,
                                                               unconverged_answer)


def _secant(f, x0, x1, tol, max_iter, stop_on_step=False):
    """Secant steps on the trusted side: (iterates, converged)."""
    iterates = [float(x0), float(x1)]
    values = [f(iterates[0]), f(iterates[1])]
    for _ in range(max_iter):
        if abs(values[-1]) < tol and not stop_on_step:
            return iterates, True
        (a, b), (fa, fb) = iterates[-2:], values[-2:]
        iterates.append(float(b - fb * (b - a) / (fb - fa)))
        values.append(f(iterates[-1]))
        if stop_on_step and abs(iterates[-1] - iterates[-2]) < tol:
            return iterates, True
    return iterates, bool(abs(values[-1]) < tol) and not stop_on_step


def _differs(answer, f, x0, x1, tol, max_iter):
    """A mistake names only answers that differ from the contract's."""
    iterates, converged = _secant(f, x0, x1, tol, max_iter)
    if converged and len(iterates) == len(answer[1]) and np.allclose(iterates, answer[1], rtol=1e-9, atol=1e-12):
        raise ValueError(NOT_THIS_MISTAKE)
    return answer


@mistake("secant_iterates_list", "This matches iterates returned as a Python list: return a float64 NumPy array, "
         "np.array(iterates, dtype=float).")
def iterates_list(f, x0, x1, tol=1e-12, max_iter=100):
    return converged_answer(*_secant(f, x0, x1, tol, max_iter), as_list=True)


@mistake("secant_tests_x0", "This matches returning x0 because |f(x0)| < tol: x0 is only a starting point; the "
         "test starts at x1 (k >= 1), so the iteration goes on from x0 and x1.")
def x0_tested(f, x0, x1, tol=1e-12, max_iter=100):
    if abs(f(x0)) >= tol:
        raise ValueError(NOT_THIS_MISTAKE)
    return np.float64(x0), np.array([x0], dtype=float)


@mistake("secant_omits_starting_points", "This matches iterates that leave out the starting points: the array starts "
         "with both, [x0, x1, x2, ..., root].")
def omits_starting_points(f, x0, x1, tol=1e-12, max_iter=100):
    iterates, converged = _secant(f, x0, x1, tol, max_iter)
    if not converged or len(iterates) < 3:
        raise RuntimeError("not converged")
    return np.float64(iterates[-1]), np.array(iterates[2:])


@mistake("secant_stops_on_step", "This matches stopping on the step |x_(k+1) - x_k| < tol: stop at the first "
         "iterate x_k (k >= 1) with |f(x_k)| < tol, the residual.")
def stops_on_step(f, x0, x1, tol=1e-12, max_iter=100):
    return _differs(converged_answer(*_secant(f, x0, x1, tol, max_iter, stop_on_step=True)), f, x0, x1, tol, max_iter)


@mistake("secant_returns_on_max_iter", "This matches returning the unconverged iterates after max_iter new points: "
         "test the last one too, and if |f| >= tol raise RuntimeError.")
def returns_on_max_iter(f, x0, x1, tol=1e-12, max_iter=100):
    return unconverged_answer(*_secant(f, x0, x1, tol, max_iter))


@mistake("secant_recomputes_f_prev", "Your iterates are right, but f is called more than once per iterate: keep "
         "f(x_(k-1)) and f(x_k) from earlier steps, so each new point costs exactly one call of f.")
def recomputes_f_prev(f, x0, x1, tol=1e-12, max_iter=100):
    return converged_answer(*_secant(f, x0, x1, tol, max_iter))


def _random_starts(rng):
    """x0, x1 at distances 0.2-0.6 and 0.3-0.7 times that from the root of x**3 - 2, on one side: the secant
    reaches its asymptotic phase with several errors left above rounding."""
    d0 = float(rng.uniform(0.2, 0.6) * rng.choice([-1, 1]))
    return CBRT2 + d0, CBRT2 + d0 * float(rng.uniform(0.3, 0.7))


@points(1)
def test_iterates_match_the_reference(student, reference, rng):
    """Check the iterates of x**3 - 2 from random x0, x1, and from an x0 that is already a root (x0 is not tested)."""
    beside_the_root = CBRT2 + float(rng.uniform(0.2, 0.5))
    for x0, x1, where in (_random_starts(rng) + ("from random x0, x1",),
                          (CBRT2, beside_the_root, "where x0 is a root (only x1, x2, ... are tested)")):
        expect_result(student.secant_root(cube_minus_two, x0, x1), reference.secant_root(cube_minus_two, x0, x1),
                      what=f"secant_root(x**3 - 2, x0, x1) {where}", **tolerances.iteration(12))


@points(1)
def test_order_is_the_golden_ratio(student, rng):
    """Check that the order measured from the iterates is about 1.618 (between 1.4 and 1.9)."""
    got = student.secant_root(cube_minus_two, *_random_starts(rng))
    errors = np.abs(iterates_of(got, what="secant_root(x**3 - 2, x0, x1)") - CBRT2)
    usable = errors[(errors > 1e-13) & (errors < 1e-1)]  # the asymptotic phase, above rounding
    order = sequence_order(usable) if usable.size >= 3 else np.nan
    expect_true(1.4 <= order <= 1.9, f"The secant method converges with order (1 + sqrt 5)/2 = 1.618: the order p = "
                f"log(e_(k+1)/e_k) / log(e_k/e_(k-1)) from your last errors between 1e-1 and 1e-13 should be between "
                f"1.4 and 1.9, but it is {order:.2f}. Each step uses the two latest points and their f values.",
                got=got)


@points(1)
def test_one_call_of_f_per_iterate(student, reference, rng):
    """Check that f is called at most once per iterate (f(x_(k-1)) is reused, not recomputed)."""
    x0, x1 = _random_starts(rng)
    got = student.secant_root(cube_minus_two, x0, x1)
    iterates = iterates_of(got, what="secant_root(x**3 - 2, x0, x1)")
    n = max(len(reference.secant_root(cube_minus_two, x0, x1)[1]), len(iterates))
    calls = got.calls.get("cube_minus_two", 0)
    expect_true(calls <= n, f"secant_root(x**3 - 2, x0, x1) called f {calls} times for {n} iterates; the budget is "
                "one call per iterate: f(x0), f(x1), then one per new point.", got=got)


@points(0.5)
def test_zero_denominator_raises(student, rng):
    """Check that f(x_k) - f(x_(k-1)) == 0 (x0 == x1, or f(-a) == f(a)) raises ZeroDivisionError."""
    a = float(rng.uniform(2.5, 3.5))
    hint = ("Test f(x_k) - f(x_(k-1)) == 0 yourself and raise ZeroDivisionError: with NumPy floats the division gives "
            "inf or nan and a warning, not an exception.")
    expect_raising("ZeroDivisionError", student.secant_root, cube_minus_two, a, a,
                   what="secant_root(x**3 - 2, x0, x1) with x0 == x1 (not a root)", hint=hint)
    expect_raising("ZeroDivisionError", student.secant_root, square_minus_four, -a, a,
                   what="secant_root(x**2 - 4, -a, a) (a horizontal secant)", hint=hint)


@points(0.5)
def test_max_iter_counts_new_points(student, reference, rng):
    """Check that max_iter = n, the new points needed, converges and max_iter = n - 1 raises RuntimeError."""
    for x0, x1, where in ((1, 2, "from 1, 2"), _random_starts(rng) + ("from random x0, x1",)):
        n = len(reference.secant_root(cube_minus_two, x0, x1)[1]) - 2
        expect_returns(student.secant_root, cube_minus_two, x0, x1, max_iter=n,
                       what=f"secant_root(x**3 - 2, x0, x1) {where} with max_iter = n (the new points it needs)",
                       hint="max_iter counts the new points x2, x3, ...; test the last one too.")
        expect_raising("RuntimeError", student.secant_root, cube_minus_two, x0, x1, max_iter=n - 1,
                       what=f"secant_root(x**3 - 2, x0, x1) {where} with max_iter = n - 1")
