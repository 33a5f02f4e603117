"""Hidden checks for gaussian(x) = e^(-x^2), elementwise."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, expect_unchanged, mistake, points, tolerances


@mistake("missing_minus_sign", "This matches e^(x^2): the exponent needs a minus sign, e^(-x^2).")
def missing_minus_sign(x):
    return np.exp(np.asarray(x, dtype=float) ** 2)


@mistake("minus_x_not_squared", "This matches e^(-x): the exponent is -x squared, -x**2.")
def minus_x_not_squared(x):
    return np.exp(-np.asarray(x, dtype=float))


@points(0.5)
def test_matches_reference_on_an_array(student, reference, rng):
    """Check that gaussian is elementwise and matches e^(-x^2) on a random 2-D array."""
    x = rng.uniform(-3, 3, size=(3, 4))
    expect_array(student.gaussian(x), reference.gaussian(x), what="gaussian(x) for a (3, 4) array x",
                 **tolerances.closed_form())


@points(0.25)
def test_scalar_and_integer_inputs(student, reference):
    """Check that gaussian(0) is the float 1.0 and integer arrays give float64."""
    expect_scalar(student.gaussian(0), 1.0, what="gaussian(0)", **tolerances.closed_form())
    x = np.arange(-2, 3)
    expect_array(student.gaussian(x), reference.gaussian(x), what="gaussian of an integer array",
                 **tolerances.closed_form())


@points(0.25)
def test_does_not_modify_x(student, rng):
    """Check that gaussian leaves its array argument unchanged."""
    x = rng.uniform(-2, 2, size=5)
    expect_unchanged(student.gaussian.tracking_arguments(x), what="gaussian(x)")
