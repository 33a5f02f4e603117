"""Hidden checks for numerical_jacobian(f, point, h=1e-5): central differences, shape (m, n)."""
import numpy as np

from autograder.checking import expect_array, expect_unchanged, mistake, points, tolerances
from autograder.checks.vector_calculus.functions import field, field_jacobian, scalar_field


@mistake("transposed", "This matches the transpose, shape (n, m): row i of the Jacobian holds the partial "
         "derivatives of output i, so the result has shape (m, n).")
def transposed(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h))
    return np.array(cols)


@mistake("forward_differences", "This matches forward differences (f(x + h e_j) - f(x))/h; use central "
         "differences (f(x + h e_j) - f(x - h e_j))/(2h).")
def forward_differences(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((np.ravel(f(x + e)) - np.ravel(f(x))) / h)
    return np.stack(cols, axis=1)


@points(1.5)
def test_matches_the_jacobian_at_a_random_point(student, rng):
    """Check that the Jacobian of f: R^3 -> R^2 is within the central difference's error, shape (2, 3)."""
    p = rng.uniform(-1, 1, size=3)
    tol = tolerances.central_difference(1e-5, f_max=3, d3_max=2, x_max=1, d1_max=3)
    expect_array(student.numerical_jacobian(field, p), field_jacobian(p),
                 what="numerical_jacobian(f, p) for f: R^3 -> R^2 at a random p", **tol)


@points(0.75)
def test_one_output_gives_one_row(student):
    """Check that an f with one output (m = 1) gives shape (1, n)."""
    tol = tolerances.central_difference(1e-5, f_max=10, d3_max=6, x_max=2, d1_max=5)
    expect_array(student.numerical_jacobian(scalar_field, [1.0, 2.0]), [[4.0, 1.0]],
                 what="numerical_jacobian(f, [1, 2]) for f(x, y) = [x^2 y]", **tol)


@points(0.75)
def test_accepts_a_list_and_leaves_arrays_alone(student, rng):
    """Check that a list point works and an array point is not modified."""
    tol = tolerances.central_difference(1e-5, f_max=3, d3_max=2, x_max=1, d1_max=3)
    expect_array(student.numerical_jacobian(field, [0, 1, 0]), field_jacobian([0.0, 1.0, 0.0]),
                 what="numerical_jacobian(f, [0, 1, 0])", **tol)
    p = rng.uniform(-1, 1, size=3)
    expect_unchanged(student.numerical_jacobian.tracking_arguments(field, p), what="numerical_jacobian(f, point)")
