"""Hidden checks for numerical_gradient(f, point, h=1e-5): central differences per coordinate."""
import numpy as np

from autograder.checking import expect_array, expect_unchanged, mistake, points, tolerances
from autograder.checks.vector_calculus.functions import plane, smooth3, smooth3_gradient


@mistake("forward_differences", "This matches forward differences (f(x + h e_i) - f(x))/h per coordinate; "
         "use central differences (f(x + h e_i) - f(x - h e_i))/(2h).")
def forward_differences(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    out = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        out[i] = (f(x + e) - f(x)) / h
    return out


@mistake("divides_by_h", "This matches central differences divided by h: the two points are 2h apart, so divide by 2h.")
def divides_by_h(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    out = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        out[i] = (f(x + e) - f(x - e)) / h
    return out


@points(1)
def test_matches_the_gradient_at_a_random_point(student, rng):
    """Check that the numerical gradient of a smooth f: R^3 -> R is within the central difference's error."""
    p = rng.uniform(-1, 1, size=3)
    tol = tolerances.central_difference(1e-5, f_max=10, d3_max=10, x_max=1, d1_max=5)
    expect_array(student.numerical_gradient(smooth3, p), smooth3_gradient(p),
                 what="numerical_gradient(f, p) for a smooth f: R^3 -> R at a random p", **tol)


@points(0.5)
def test_accepts_a_list_of_integers(student):
    """Check that point may be a list of integers and the result is float64 of shape (n,)."""
    tol = tolerances.central_difference(1e-5, f_max=10, d3_max=0, x_max=2, d1_max=3)
    expect_array(student.numerical_gradient(plane, [1, 2]), [3.0, -2.0],
                 what="numerical_gradient(f, [1, 2]) for f(x, y) = 3x - 2y", **tol)


@points(0.5)
def test_does_not_modify_point(student, rng):
    """Check that numerical_gradient leaves its point unchanged."""
    p = rng.uniform(-1, 1, size=3)
    expect_unchanged(student.numerical_gradient.tracking_arguments(smooth3, p), what="numerical_gradient(f, point)")
