"""Hidden checks for grad_sin_cos(X, Y) = (cos x cos y, -sin x sin y)."""
import numpy as np

from autograder.checking import expect_array, expect_tuple, mistake, points, tolerances


@mistake("sign_of_v", "This matches V = +sin x sin y: the derivative of cos y is -sin y, so V is negative.")
def sign_of_v(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, float), np.asarray(Y, float))
    return np.cos(X) * np.cos(Y), np.sin(X) * np.sin(Y)


@mistake("swapped_components", "This matches (V, U): the first component is the x-derivative cos x cos y.")
def swapped_components(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, float), np.asarray(Y, float))
    return -np.sin(X) * np.sin(Y), np.cos(X) * np.cos(Y)


def _check(student, reference, X, Y, what):
    got = student.grad_sin_cos(X, Y)
    U, V = expect_tuple(got, 2, what=what)
    want_u, want_v = reference.grad_sin_cos(X, Y)
    tol = tolerances.Tolerance(64 * tolerances.EPS, 64 * tolerances.EPS,
                               "a closed form with |U|, |V| <= 1: rounding only, a few eps absolute")
    expect_array(U, want_u, what=f"U of {what}", **tol)
    expect_array(V, want_v, what=f"V of {what}", **tol)


@points(1)
def test_matches_reference_on_a_grid(student, reference, rng):
    """Check that (U, V) matches the analytic gradient on a meshgrid."""
    X, Y = np.meshgrid(rng.uniform(-np.pi, np.pi, 5), rng.uniform(-np.pi, np.pi, 4))
    _check(student, reference, X, Y, "grad_sin_cos(X, Y) on a 4 x 5 meshgrid")


@points(1)
def test_broadcasts_a_column_and_a_row(student, reference, rng):
    """Check that X of shape (3, 1) and Y of shape (1, 4) give U and V of shape (3, 4)."""
    X = rng.uniform(-3, 3, size=(3, 1))
    Y = rng.uniform(-3, 3, size=(1, 4))
    _check(student, reference, X, Y, "grad_sin_cos(X, Y) with X (3, 1) and Y (1, 4)")
