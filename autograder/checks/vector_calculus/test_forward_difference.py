"""Hidden checks for forward_difference(f, x, h=1e-5) = (f(x+h) - f(x)) / h."""
import numpy as np

from autograder.checking import estimate_order, expect_array, expect_true, expect_unchanged, mistake, points, tolerances
from autograder.checks.vector_calculus.functions import (GAUSS_D1, GAUSS_D2, GAUSS_MAX, gauss, gauss_derivative,
                                                         wave, wave_derivative)


@mistake("central_formula", "This matches the central difference (f(x+h) - f(x-h))/(2h); the forward "
         "difference uses f(x+h) - f(x), divided by h.")
def central_formula(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)


@mistake("divides_by_2h", "This matches (f(x+h) - f(x))/(2h): the forward difference divides by h, not 2h.")
def divides_by_2h(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / (2 * h)


@mistake("backward_difference", "This matches the backward difference (f(x) - f(x-h))/h; the forward difference "
         "steps forward: (f(x+h) - f(x))/h.")
def backward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x) - f(x - h)) / h


@points(0.75)
def test_matches_reference_at_random_points(student, reference, rng):
    """Check that forward_difference(e^(-x^2), x) matches the forward formula elementwise."""
    x = rng.uniform(-2, 2, size=6)
    tol = tolerances.forward_difference(1e-5, GAUSS_MAX, 0.0, x_max=2, d1_max=GAUSS_D1)  # same formula: rounding only
    expect_array(student.forward_difference(gauss, x), reference.forward_difference(gauss, x),
                 what="forward_difference(e^(-x^2), x) at 6 random points in [-2, 2] with h = 1e-5", **tol)


@points(1)
def test_is_first_order(student, rng):
    """Check that the error of forward_difference falls like h (first order) as h shrinks."""
    x0 = float(rng.uniform(0.3, 0.45))  # f'' = 1 - 9 sin 3x in [-8, -6.2] and f' away from 0: a clean first-order error
    steps = [0.08, 0.04, 0.02, 0.01, 0.005]
    errors = []
    for h in steps:
        got = student.forward_difference(wave, x0, h=h)
        value = expect_array(got, wave_derivative(x0), what=f"forward_difference(f, x0, h={h})", rtol=1.0, atol=10.0)
        errors.append(float(value) - wave_derivative(x0))
    order = estimate_order(steps, errors)
    expect_true(0.8 <= order <= 1.2,
                f"The error of forward_difference should fall like h (order 1) as h halves; the measured order is "
                f"{order:.2f} over h = {steps}. An order of 2 means the central formula was used; an error that "
                f"does not shrink means h is not used as the step.")



@points(0.25)
def test_does_not_modify_x(student, rng):
    """Check that forward_difference leaves its array argument unchanged."""
    x = rng.uniform(-1, 1, size=4)
    expect_unchanged(student.forward_difference.tracking_arguments(gauss, x), what="forward_difference(f, x)")
