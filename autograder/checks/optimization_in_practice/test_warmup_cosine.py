"""Hidden checks for warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0): lr0 * (step + 1) / W for
step < W, then cosine_annealing(lr0, step - W, T - W, lr_min); elementwise in step."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


def _cosine(lr0, step, total_steps, lr_min):
    s = np.minimum(step, total_steps)
    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * s / total_steps)) / 2


def _warmup(lr0, step, warmup_steps, total_steps, lr_min, *, warm_offset=1, shift=True, shorten=True, inclusive=False):
    s = np.asarray(step, dtype=float)
    warm = lr0 * (s + warm_offset) / warmup_steps
    start = s - warmup_steps if shift else s
    cosine = _cosine(lr0, start, total_steps - warmup_steps if shorten else total_steps, lr_min)
    return np.where(s <= warmup_steps if inclusive else s < warmup_steps, warm, cosine)


@mistake("warmup_off_by_one", "This matches a warmup of lr0 * step / warmup_steps: it is lr0 * (step + 1) / "
         "warmup_steps, so step 0 already trains with lr0 / warmup_steps (not 0) and step warmup_steps - 1 "
         "reaches lr0.")
def warmup_off_by_one(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    return _warmup(lr0, step, warmup_steps, total_steps, lr_min, warm_offset=0)


@mistake("warmup_cosine_not_shifted", "This matches cosine_annealing(lr0, step, total_steps, lr_min) after the "
         "warmup: the cosine starts afresh, call it with step - warmup_steps and length total_steps - warmup_steps, "
         "so it starts at lr0 at step = warmup_steps.")
def warmup_cosine_not_shifted(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    return _warmup(lr0, step, warmup_steps, total_steps, lr_min, shift=False, shorten=False)


@mistake("warmup_cosine_length_not_shortened", "This matches a cosine phase of length total_steps: it lasts "
         "total_steps - warmup_steps steps; with total_steps it has not reached lr_min at step total_steps.")
def warmup_cosine_length_not_shortened(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    return _warmup(lr0, step, warmup_steps, total_steps, lr_min, shorten=False)


@mistake("warmup_boundary_inclusive", "This matches step <= warmup_steps for the warmup: it covers steps 0 ... "
         "warmup_steps - 1 (step < warmup_steps); at step = warmup_steps the cosine starts, at lr0, and <= gives "
         "lr0 * (W + 1) / W there instead.")
def warmup_boundary_inclusive(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    return _warmup(lr0, step, warmup_steps, total_steps, lr_min, inclusive=True)


def _tol(lr0):
    return tolerances.Tolerance(64 * tolerances.EPS, 64 * tolerances.EPS * lr0,
                                "a closed-form schedule: rounding only, a few ulps of lr0")


def _draw(rng):
    lr0, warmup = rng.uniform(0.01, 1.0), int(rng.integers(3, 16))
    return lr0, warmup, warmup + int(rng.integers(10, 151)), rng.uniform(0.05, 0.3) * lr0


@points(1)
def test_matches_the_formula_on_a_step_array(student, reference, rng):
    """Check a (4, 8) integer array of steps from 0 to past total_steps, with random lr0, W, T, lr_min."""
    lr0, warmup, total, lr_min = _draw(rng)
    steps = np.concatenate([[0, warmup - 1, warmup, total], rng.integers(0, total + 20, size=28)]).reshape(4, 8)
    got = student.warmup_cosine(lr0, steps, warmup, total, lr_min=lr_min)
    with named_by_value(got):
        expect_array(got, reference.warmup_cosine(lr0, steps, warmup, total, lr_min), **_tol(lr0),
                     what="warmup_cosine(lr0, steps, warmup_steps, total_steps, lr_min) on a (4, 8) integer array")


@points(1)
def test_exact_at_the_boundaries(student, rng):
    """Check lr0/W at step 0, lr0 at W - 1 and at W, lr_min at total_steps and past it."""
    lr0, warmup, total, lr_min = _draw(rng)
    steps = np.array([0, warmup - 1, warmup, total, total + 7])
    got = student.warmup_cosine(lr0, steps, warmup, total, lr_min=lr_min)
    with named_by_value(got):
        expect_array(got, [lr0 / warmup, lr0, lr0, lr_min, lr_min], **_tol(lr0),
                     what="warmup_cosine(lr0, [0, W - 1, W, T, T + 7], W, T, lr_min)")


@points(0.5)
def test_no_warmup_is_cosine_annealing(student, reference, rng):
    """Check that warmup_steps = 0 gives plain cosine annealing on an array of steps (a warning costs nothing)."""
    lr0, _, total, lr_min = _draw(rng)
    steps = np.concatenate([[0, 1, total], rng.integers(0, total + 10, size=9)]).reshape(3, 4)
    got = student.warmup_cosine(lr0, steps, 0, total, lr_min=lr_min)
    with named_by_value(got):
        expect_array(got, reference.cosine_annealing(lr0, steps, total, lr_min), **_tol(lr0),
                     what="warmup_cosine(lr0, steps, 0, total_steps, lr_min) (no warmup) on a (3, 4) integer array")


@points(0.25)
def test_scalar_step_in_the_warmup_gives_a_float(student, reference, rng):
    """Check that an int step inside the warmup gives a float64 scalar with the right value."""
    lr0, warmup, total, _ = _draw(rng)
    step = int(rng.integers(0, warmup))
    got = student.warmup_cosine(lr0, step, warmup, total)
    with named_by_value(got):
        expect_scalar(got, reference.warmup_cosine(lr0, step, warmup, total), **_tol(lr0),
                      what="warmup_cosine(lr0, step, warmup_steps, total_steps) for an int step in the warmup")


@points(0.25)
def test_scalar_step_after_the_warmup_gives_a_float(student, reference, rng):
    """Check that an int step in the cosine phase gives a float64 scalar with the right value."""
    lr0, warmup, total, _ = _draw(rng)
    step = int(rng.integers(warmup + 1, total))
    got = student.warmup_cosine(lr0, step, warmup, total)
    with named_by_value(got):
        expect_scalar(got, reference.warmup_cosine(lr0, step, warmup, total), **_tol(lr0),
                      what="warmup_cosine(lr0, step, warmup_steps, total_steps) for an int step after the warmup")
