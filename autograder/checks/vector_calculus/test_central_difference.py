"""Hidden checks for central_difference(f, x, h=1e-5) = (f(x+h) - f(x-h)) / (2h)."""
import numpy as np

from autograder.checking import (estimate_order, expect_array, expect_scalar, expect_true, expect_unchanged, mistake,
                                 points, tolerances)
from autograder.checks.vector_calculus.functions import (GAUSS_D1, GAUSS_D3, GAUSS_MAX, gauss, gauss_derivative,
                                                         wave, wave_derivative)


@mistake("forward_formula", "This matches the forward difference (f(x+h) - f(x))/h, a first-order formula; "
         "the central difference divides f(x+h) - f(x-h) by 2h.")
def forward_formula(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h


@mistake("h_instead_of_2h", "This matches (f(x+h) - f(x-h))/h, twice the derivative: the two points are 2h "
         "apart, so divide by 2h.")
def h_instead_of_2h(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / h


@mistake("swapped_points", "This matches (f(x-h) - f(x+h))/(2h), the derivative with the wrong sign: "
         "subtract the left point from the right one.")
def swapped_points(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x - h) - f(x + h)) / (2 * h)


@points(1)
def test_matches_the_derivative_at_random_points(student, rng):
    """Check that central_difference(e^(-x^2), x) is within the central difference's error of the derivative."""
    x = rng.uniform(-2, 2, size=7)
    tol = tolerances.central_difference(1e-5, GAUSS_MAX, GAUSS_D3, x_max=2, d1_max=GAUSS_D1)
    expect_array(student.central_difference(gauss, x), gauss_derivative(x),
                 what="central_difference(e^(-x^2), x) at 7 random points in [-2, 2] with h = 1e-5", **tol)


@points(1)
def test_is_second_order(student, rng):
    """Check that the error of central_difference falls like h^2 (second order) as h shrinks."""
    x0 = float(rng.uniform(0.05, 0.3))  # f''' = -27 cos 3x stays away from 0: a clean second-order error
    steps = [0.08, 0.04, 0.02, 0.01, 0.005]
    errors = []
    for h in steps:
        value = expect_array(student.central_difference(wave, x0, h=h), wave_derivative(x0),
                             what=f"central_difference(f, x0, h={h})", rtol=1.0, atol=10.0)
        errors.append(float(value) - wave_derivative(x0))
    order = estimate_order(steps, errors)
    expect_true(1.8 <= order <= 2.2,
                f"The error of central_difference should fall like h^2 (order 2) as h halves; the measured order is "
                f"{order:.2f} over h = {steps}. An order near 1 means a one-sided (forward) formula.")


@points(0.5)
def test_scalar_in_scalar_out(student):
    """Check that a scalar x gives a float close to the derivative."""
    tol = tolerances.central_difference(1e-5, GAUSS_MAX, GAUSS_D3, x_max=1, d1_max=GAUSS_D1)
    expect_scalar(student.central_difference(gauss, 0.5), gauss_derivative(0.5),
                  what="central_difference(e^(-x^2), 0.5)", **tol)


@points(0.5)
def test_does_not_modify_x(student, rng):
    """Check that central_difference leaves its array argument unchanged."""
    x = rng.uniform(-1, 1, size=4)
    expect_unchanged(student.central_difference.tracking_arguments(gauss, x), what="central_difference(f, x)")
