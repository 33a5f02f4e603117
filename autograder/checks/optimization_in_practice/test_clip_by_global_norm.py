"""Hidden checks for clip_by_global_norm(grads, max_norm) -> (clipped_list, global_norm): every array scaled by
min(1, max_norm / global_norm), global_norm = sqrt(sum ||g_i||^2) before clipping; all-zero gradients come back
unchanged with no NaN and no warning; ValueError if max_norm <= 0."""
import numpy as np
import pytest

from autograder.checking import (expect_array, expect_no_warnings, expect_raises, expect_scalar, expect_true,
                                 expect_tuple, mistake, points, tolerances)
from autograder.checks.optimization_in_practice.naming import named_by_value

SHAPES = [(3,), (2, 4), (4, 1)]


def _scaled(grads, norm, max_norm):
    arrays = [np.array(g, dtype=float) for g in grads]
    factor = min(1.0, max_norm / norm)
    return [a * factor for a in arrays]


def _global_norm(grads):
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads)))


def _all_zero_only(grads):
    if any(np.any(np.asarray(g) != 0) for g in grads):
        raise ValueError("this mistake shows only for all-zero gradients")


# The two mistakes that differ from the right answer only on all-zero gradients come first: the zero check
# names the first registered mistake that reproduces the student's answer there.
@mistake("global_norm_zero_division_warning", "For all-zero gradients max_norm / global_norm divides by zero and "
         "warns; the contract says no warning: skip the scaling when global_norm <= max_norm.")
def global_norm_zero_division_warning(grads, max_norm):
    _all_zero_only(grads)
    norm = np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads))
    return _scaled(grads, norm, max_norm), float(norm)


@mistake("global_norm_zero_nan", "For all-zero gradients this is 0/0 = NaN: they must come back unchanged, without "
         "NaN or warning; skip the scaling when global_norm <= max_norm.")
def global_norm_zero_nan(grads, max_norm):
    _all_zero_only(grads)
    norm = np.float64(_global_norm(grads))
    return [np.asarray(g, dtype=float) / norm * max_norm for g in grads], float(norm)


@mistake("global_norm_per_array", "This matches clipping each array by its own norm: every array must be scaled by "
         "the same factor min(1, max_norm / global_norm), or the direction of the whole gradient changes.")
def global_norm_per_array(grads, max_norm):
    return [_scaled([g], _global_norm([g]), max_norm)[0] for g in grads], _global_norm(grads)


@mistake("global_norm_sum_of_norms", "This matches the sum of the arrays' norms as the global norm: it is "
         "sqrt(sum ||g_i||^2), the norm of all entries together.")
def global_norm_sum_of_norms(grads, max_norm):
    norm = float(sum(np.linalg.norm(np.asarray(g, dtype=float)) for g in grads))
    return _scaled(grads, norm, max_norm), norm


@mistake("global_norm_after_clipping", "This matches the norm of the clipped list: return the global norm before "
         "clipping (it is what you would log to watch for spikes).")
def global_norm_after_clipping(grads, max_norm):
    clipped = _scaled(grads, _global_norm(grads), max_norm)
    return clipped, _global_norm(clipped)


TOL = tolerances.closed_form()


def _gradients(rng, norm):
    grads = [rng.normal(size=shape) for shape in SHAPES]
    return [g * norm / _global_norm(grads) for g in grads]


def _expect_result(got, want_list, want_norm, what):
    with named_by_value(got):
        clipped, norm = expect_tuple(got, 2, what=what)
        expect_true(isinstance(clipped.value, list) and len(clipped.value) == len(want_list),
                    f"{what} should return a list of {len(want_list)} arrays (one per input array) as its first item.",
                    rung="type")
        for index, (array, want) in enumerate(zip(clipped.value, want_list)):
            expect_array(array, want, **TOL, what=f"array {index} of the clipped list of {what}")
        expect_scalar(norm, want_norm, **TOL, what=f"the global norm returned by {what}")


@points(1)
def test_scales_a_large_list_together(student, reference, rng):
    """Check arrays of shapes (3,), (2, 4), (4, 1) with global norm above max_norm: the clipped list and the norm."""
    max_norm = rng.uniform(0.5, 2.0)
    grads = _gradients(rng, rng.uniform(2, 5) * max_norm)
    grads[0] *= 3  # one array dominates: clipping each array by its own norm would change the direction
    want_list, want_norm = reference.clip_by_global_norm(grads, max_norm)
    _expect_result(student.clip_by_global_norm(grads, max_norm), want_list, want_norm,
                   "clip_by_global_norm(grads, max_norm) with global norm above max_norm")


@points(0.5)
def test_small_list_comes_back_unchanged(student, rng):
    """Check that arrays with global norm below max_norm come back unchanged, with their global norm."""
    max_norm = rng.uniform(0.5, 2.0)
    grads = _gradients(rng, rng.uniform(0.3, 0.9) * max_norm)
    _expect_result(student.clip_by_global_norm(grads, max_norm), grads, _global_norm(grads),
                   "clip_by_global_norm(grads, max_norm) with global norm below max_norm")


@points(0.5)
def test_zero_gradients_come_back_unchanged_without_warning(student, rng):
    """Check that all-zero arrays come back as zeros with global norm 0, no NaN and no warning."""
    grads = [np.zeros(shape) for shape in SHAPES]
    got = student.clip_by_global_norm(grads, rng.uniform(0.5, 2.0))
    what = "clip_by_global_norm(all-zero arrays, max_norm)"
    _expect_result(got, grads, 0.0, what)
    with named_by_value(got):
        expect_no_warnings(got, what=what)


@points(0.5)
def test_does_not_modify_grads(student, rng):
    """Check that the arrays in grads are unchanged after clipping them."""
    grads = _gradients(rng, 10.0)
    got = student.clip_by_global_norm.tracking_arguments(grads, 1.0)
    after = got.args_after[0] if got.args_after else None
    # expect_unchanged only looks at array arguments, not at arrays inside a list: compare them here
    same = isinstance(after, list) and len(after) == len(grads) and all(
        isinstance(a, np.ndarray) and a.shape == g.shape and np.array_equal(a, g) for a, g in zip(after, grads))
    expect_true(same, "clip_by_global_norm(grads, max_norm) modified the arrays in grads in place. Build new arrays "
                "(e.g. [np.array(g, dtype=float) * factor for g in grads]).", rung="mutation")


@points(0.25)
@pytest.mark.parametrize("max_norm", [0.0, -1.0], ids=["zero", "negative"])
def test_raises_on_a_non_positive_threshold(student, rng, max_norm):
    """Check that max_norm <= 0 raises ValueError."""
    expect_raises("ValueError", student.clip_by_global_norm, [rng.normal(size=3), rng.normal(size=(2, 2))], max_norm)
