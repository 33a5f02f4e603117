"""Hidden checks for clip_by_value(grad, clip_value): every entry clipped to [-clip_value, clip_value], a new
float64 array of grad's shape; ValueError if clip_value <= 0."""
import numpy as np
import pytest

from autograder.checking import expect_array, expect_raises, expect_unchanged, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


@mistake("clip_value_one_sided", "This matches np.minimum(grad, clip_value): entries must be clipped on both "
         "sides, to [-clip_value, clip_value]; large negative entries were left as they were.")
def clip_value_one_sided(grad, clip_value):
    return np.minimum(np.asarray(grad, dtype=float), clip_value)


@mistake("clip_value_by_norm", "This matches grad * min(1, clip_value / ||grad||), which rescales the whole vector "
         "(clipping by norm); clipping by value limits each entry separately, np.clip(grad, -clip_value, clip_value).")
def clip_value_by_norm(grad, clip_value):
    g = np.asarray(grad, dtype=float)
    return g * min(1.0, clip_value / np.linalg.norm(g))


def _gradient(rng, clip_value, shape=(3, 4)):
    """Normal entries of scale 2 * clip_value, with one entry far above and one far below the interval."""
    grad = rng.normal(0.0, 2 * clip_value, size=shape)
    grad.flat[:2] = [3 * clip_value, -3 * clip_value]
    return grad


@points(0.75)
def test_clips_every_entry_to_the_interval(student, rng):
    """Check a random (3, 4) gradient with entries on both sides of [-c, c] against np.clip(grad, -c, c)."""
    clip_value = rng.uniform(0.5, 2.0)
    grad = _gradient(rng, clip_value)
    got = student.clip_by_value(grad, clip_value)
    with named_by_value(got):
        expect_array(got, np.clip(grad, -clip_value, clip_value), **tolerances.closed_form(),
                     what="clip_by_value(grad, clip_value) for a random (3, 4) gradient")


@points(0.25)
def test_integer_gradient_gives_float64(student, rng):
    """Check that an integer gradient and an integer clip_value give float64."""
    grad = rng.integers(-9, 10, size=6)
    grad[:2] = [7, -8]
    got = student.clip_by_value(grad, 3)
    with named_by_value(got):
        expect_array(got, np.clip(grad, -3, 3).astype(float), what="clip_by_value(int_grad, 3) for an integer gradient")


@points(0.5)
def test_does_not_modify_grad(student, rng):
    """Check that clip_by_value leaves its argument unchanged when entries are clipped."""
    clip_value = rng.uniform(0.5, 2.0)
    got = student.clip_by_value.tracking_arguments(_gradient(rng, clip_value), clip_value)
    with named_by_value(got):
        expect_unchanged(got, what="clip_by_value(grad, clip_value)")


@points(0.25)
@pytest.mark.parametrize("clip_value", [0.0, -1.5], ids=["zero", "negative"])
def test_raises_on_a_non_positive_threshold(student, rng, clip_value):
    """Check that clip_value <= 0 raises ValueError."""
    expect_raises("ValueError", student.clip_by_value, rng.normal(size=4), clip_value)
