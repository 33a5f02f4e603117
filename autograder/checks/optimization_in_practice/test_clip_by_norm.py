"""Hidden checks for clip_by_norm(grad, max_norm) = grad * min(1, max_norm / ||grad||), ||.|| the Euclidean norm
of all entries: a zero gradient comes back unchanged with no warning; ValueError if max_norm <= 0."""
import numpy as np
import pytest

from autograder.checking import (expect_array, expect_form, expect_no_warnings, expect_raises, expect_unchanged,
                                 mistake, points, tolerances)
from autograder.checks.optimization_in_practice.naming import named_by_value


def _zero_only(grad):
    if np.any(np.asarray(grad) != 0):
        raise ValueError("this mistake shows only for a zero gradient")


# The two mistakes that differ from the right answer only on a zero gradient come first: the zero-gradient
# check names the first registered mistake that reproduces the student's answer there.
@mistake("clip_norm_zero_division_warning", "For a zero gradient max_norm / ||g|| divides by zero and warns; the "
         "contract says no warning: test ||g|| <= max_norm first and return the gradient as it is.")
def clip_norm_zero_division_warning(grad, max_norm):
    _zero_only(grad)
    g = np.asarray(grad, dtype=float)
    return g * min(1.0, max_norm / np.linalg.norm(g))


@mistake("clip_norm_zero_nan", "For a zero gradient this is 0/0 = NaN: return the zero gradient unchanged (check "
         "||g|| <= max_norm before dividing).")
def clip_norm_zero_nan(grad, max_norm):
    _zero_only(grad)
    g = np.asarray(grad, dtype=float)
    return g / np.linalg.norm(g) * max_norm


@mistake("clip_norm_by_value", "This matches np.clip(grad, -max_norm, max_norm), which clips each entry (clipping by "
         "value) and changes the direction; clipping by norm multiplies the whole gradient by min(1, max_norm/||g||).")
def clip_norm_by_value(grad, max_norm):
    return np.clip(np.asarray(grad, dtype=float), -max_norm, max_norm)


@mistake("clip_norm_always_rescale", "This matches grad * max_norm / ||g|| for every gradient: one whose norm is "
         "already <= max_norm must come back unchanged, not scaled up to max_norm. Use min(1, max_norm/||g||).")
def clip_norm_always_rescale(grad, max_norm):
    g = np.asarray(grad, dtype=float)
    return g * max_norm / np.linalg.norm(g)


@mistake("clip_norm_spectral", "This matches np.linalg.norm(g, 2), which for a matrix is its largest singular "
         "value; the norm to use is the Euclidean norm of all entries, np.sqrt(np.sum(g**2)) (Frobenius).")
def clip_norm_spectral(grad, max_norm):
    g = np.asarray(grad, dtype=float)
    return g * min(1.0, max_norm / np.linalg.norm(g, 2))


@mistake("clip_norm_max_entry", "This matches the largest entry |g_i| as the norm (the infinity norm); use the "
         "Euclidean norm sqrt(sum g_i^2).")
def clip_norm_max_entry(grad, max_norm):
    g = np.asarray(grad, dtype=float)
    return g * min(1.0, max_norm / np.max(np.abs(g)))


@mistake("clip_norm_per_row", "This matches clipping each row by its own norm: the norm is over all entries of the "
         "array together; per-row norms clip each row separately and change the direction.")
def clip_norm_per_row(grad, max_norm):
    g = np.asarray(grad, dtype=float)
    return g * np.minimum(1.0, max_norm / np.linalg.norm(g, axis=-1, keepdims=True))


TOL = tolerances.closed_form()


@points(0.75)
def test_rescales_a_large_matrix_gradient(student, reference, rng):
    """Check a random (3, 4) gradient with norm 2 to 5 times max_norm against g * max_norm / ||g||_F."""
    max_norm = rng.uniform(0.5, 2.0)
    grad = rng.normal(size=(3, 4))
    grad *= rng.uniform(2, 5) * max_norm / np.linalg.norm(grad)
    got = student.clip_by_norm(grad, max_norm)
    with named_by_value(got):
        expect_array(got, reference.clip_by_norm(grad, max_norm), **TOL,
                     what="clip_by_norm(grad, max_norm) for a random (3, 4) gradient with norm above max_norm")


@points(0.5)
def test_small_gradient_comes_back_unchanged(student, rng):
    """Check that a gradient with norm below max_norm comes back unchanged."""
    max_norm = rng.uniform(0.5, 2.0)
    grad = rng.normal(size=5)
    grad *= rng.uniform(0.3, 0.9) * max_norm / np.linalg.norm(grad)
    got = student.clip_by_norm(grad, max_norm)
    with named_by_value(got):
        expect_array(got, grad, **TOL, what="clip_by_norm(grad, max_norm) for a gradient with norm below max_norm")


@points(0.25)
def test_integer_gradient_gives_float64(student):
    """Check that the integer gradient [3, 4] (norm 5) with max_norm = 1 gives the float64 [0.6, 0.8]."""
    got = student.clip_by_norm(np.array([3, 4]), 1)
    with named_by_value(got):
        expect_array(got, [0.6, 0.8], **TOL, what="clip_by_norm(np.array([3, 4]), 1)")


@points(0.5)
def test_zero_gradient_comes_back_unchanged_without_warning(student, rng):
    """Check that a zero (2, 3) gradient comes back as zeros, with no NaN and no warning."""
    grad = np.zeros((2, 3))
    got = student.clip_by_norm(grad, rng.uniform(0.5, 2.0))
    what = "clip_by_norm(zeros((2, 3)), max_norm)"
    with named_by_value(got):
        expect_form(got.value, shape=(2, 3), finite=False, what=what)
        expect_array(got, grad, what=what)
        expect_no_warnings(got, what=what)


@points(0.5)
def test_does_not_modify_grad(student, rng):
    """Check that clip_by_norm leaves its argument unchanged when it scales it down."""
    grad = 10 * rng.normal(size=(2, 3))
    got = student.clip_by_norm.tracking_arguments(grad, 0.5)
    with named_by_value(got):
        expect_unchanged(got, what="clip_by_norm(grad, max_norm)")


@points(0.25)
@pytest.mark.parametrize("max_norm", [0.0, -2.0], ids=["zero", "negative"])
def test_raises_on_a_non_positive_threshold(student, rng, max_norm):
    """Check that max_norm <= 0 raises ValueError."""
    expect_raises("ValueError", student.clip_by_norm, rng.normal(size=4), max_norm)
