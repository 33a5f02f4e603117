"""Hidden checks for estimate_convergence_order(errors) = log(e_(k+1)/e_k) / log(e_k/e_(k-1)) from the last
three errors; ValueError with fewer than three."""
import numpy as np

from autograder.checking import expect_scalar, mistake, points, tolerances
from autograder.checks.approximation_methods.functions import expect_raising


@mistake("order_uses_first_three", "This matches the order from the first three errors: use the last three, "
         "where the iteration is in its asymptotic phase.")
def uses_first_three(errors):
    e = np.asarray(errors, dtype=float)
    return float(np.log(e[2] / e[1]) / np.log(e[1] / e[0]))


@mistake("order_inverted_ratio", "This matches 1/p: numerator and denominator are swapped; p = log(e_(k+1)/e_k) / "
         "log(e_k/e_(k-1)), with the newest ratio on top.")
def inverted_ratio(errors):
    e = np.asarray(errors, dtype=float)
    return float(np.log(e[-2] / e[-3]) / np.log(e[-1] / e[-2]))


@mistake("order_ratio_without_log", "This matches a ratio of the ratios without logarithms: e_(k+1)/e_k is about "
         "(e_k/e_(k-1))^p, so p is a ratio of their logarithms.")
def ratio_without_log(errors):
    e = np.asarray(errors, dtype=float)
    return float((e[-1] / e[-2]) / (e[-2] / e[-3]))


def _errors(rng):
    """Linear convergence first, then three errors of a random order p in [1.3, 2.6]: the two ends disagree."""
    e = list(rng.uniform(0.1, 0.5) * 0.5 ** np.arange(4))
    p = rng.uniform(1.3, 2.6)
    for _ in range(2):
        e.append(rng.uniform(0.5, 2.0) * e[-1] ** p)
    return np.array(e)


@points(1)
def test_uses_the_last_three_errors(student, reference, rng):
    """Check the order from the last three of six errors whose first ones converge linearly (array and list)."""
    errors = _errors(rng)
    for value, kind in ((errors, "a float64 array"), (list(errors), "a list")):
        expect_scalar(student.estimate_convergence_order(value), reference.estimate_convergence_order(errors),
                      what=f"estimate_convergence_order of six errors given as {kind}", **tolerances.closed_form())


@points(0.5)
def test_three_integer_errors(student):
    """Check that exactly three errors, integers, work: [1000, 100, 1] gives the float 2.0."""
    expect_scalar(student.estimate_convergence_order([1000, 100, 1]), 2.0,
                  what="estimate_convergence_order([1000, 100, 1])", **tolerances.closed_form())


@points(0.5)
def test_fewer_than_three_raise_value_error(student, rng):
    """Check that two errors, one error and none raise ValueError."""
    for errors in ([0.1, 0.01], [float(rng.uniform(0.01, 1))], []):
        expect_raising("ValueError", student.estimate_convergence_order, errors,
                       what=f"estimate_convergence_order with {len(errors)} error(s)",
                       hint="Check len(errors) < 3 yourself: e[-3] fails with IndexError, or wraps around.")
