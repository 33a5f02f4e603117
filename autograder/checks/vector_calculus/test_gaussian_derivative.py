"""Hidden checks for gaussian_derivative(x) = -2x e^(-x^2), elementwise."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, expect_unchanged, mistake, points, tolerances


@mistake("sign_error", "This matches +2x e^(-x^2): the chain rule gives d/dx(-x^2) = -2x, so the sign is negative.")
def sign_error(x):
    x = np.asarray(x, dtype=float)
    return 2 * x * np.exp(-x ** 2)


@mistake("missing_factor_two", "This matches -x e^(-x^2): the derivative of x^2 is 2x, so a factor 2 is missing.")
def missing_factor_two(x):
    x = np.asarray(x, dtype=float)
    return -x * np.exp(-x ** 2)


@points(0.5)
def test_matches_reference_on_an_array(student, reference, rng):
    """Check that gaussian_derivative matches -2x e^(-x^2) on a random array."""
    x = rng.uniform(-3, 3, size=(2, 5))
    expect_array(student.gaussian_derivative(x), reference.gaussian_derivative(x),
                 what="gaussian_derivative(x) for a (2, 5) array x", **tolerances.closed_form())


@points(0.25)
def test_scalar_and_integer_inputs(student, reference):
    """Check that a scalar gives a float and an integer array gives float64."""
    expect_scalar(student.gaussian_derivative(1), reference.gaussian_derivative(1.0), what="gaussian_derivative(1)",
                  **tolerances.closed_form())
    x = np.arange(-2, 3)
    expect_array(student.gaussian_derivative(x), reference.gaussian_derivative(x),
                 what="gaussian_derivative of an integer array", **tolerances.closed_form())


@points(0.25)
def test_does_not_modify_x(student, rng):
    """Check that gaussian_derivative leaves its array argument unchanged."""
    x = rng.uniform(-2, 2, size=5)
    expect_unchanged(student.gaussian_derivative.tracking_arguments(x), what="gaussian_derivative(x)")
