"""Hidden checks for cosine_annealing(lr0, step, total_steps, lr_min=0.0)
= lr_min + (lr0 - lr_min) * (1 + cos(pi * min(step, total_steps) / total_steps)) / 2, elementwise."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


def _cosine(step, total_steps, period=np.pi):
    return np.cos(period * np.minimum(np.asarray(step, dtype=float), total_steps) / total_steps)


@mistake("cosine_no_min", "This matches the formula without min(step, total_steps): after total_steps the rate "
         "must stay at lr_min; without np.minimum(step, total_steps) the cosine climbs back up.")
def cosine_no_min(lr0, step, total_steps, lr_min=0.0):
    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * np.asarray(step) / total_steps)) / 2


@mistake("cosine_ignores_lr_min", "This matches lr0 * (1 + cos(...)) / 2, which ends at 0: the schedule goes from "
         "lr0 down to lr_min, lr_min + (lr0 - lr_min) * (1 + cos(...)) / 2.")
def cosine_ignores_lr_min(lr0, step, total_steps, lr_min=0.0):
    return lr0 * (1 + _cosine(step, total_steps)) / 2


@mistake("cosine_lr_min_not_subtracted", "This matches lr_min + lr0 * (1 + cos(...)) / 2, which starts at lr0 + "
         "lr_min: the amplitude of the cosine is lr0 - lr_min, not lr0.")
def cosine_lr_min_not_subtracted(lr0, step, total_steps, lr_min=0.0):
    return lr_min + lr0 * (1 + _cosine(step, total_steps)) / 2


@mistake("cosine_missing_half", "This matches the formula without the / 2: 1 + cos runs from 2 to 0, so divide by 2, "
         "or the schedule starts at twice lr0.")
def cosine_missing_half(lr0, step, total_steps, lr_min=0.0):
    return lr_min + (lr0 - lr_min) * (1 + _cosine(step, total_steps))


@mistake("cosine_full_period", "This matches cos(2*pi*t/T): cosine annealing follows half a period, cos(pi*t/T); "
         "with 2*pi the rate comes back up to lr0 at total_steps.")
def cosine_full_period(lr0, step, total_steps, lr_min=0.0):
    return lr_min + (lr0 - lr_min) * (1 + _cosine(step, total_steps, 2 * np.pi)) / 2


def _tol(lr0):
    return tolerances.Tolerance(64 * tolerances.EPS, 64 * tolerances.EPS * lr0,
                                "a closed-form schedule: rounding only, a few ulps of lr0")


def _draw(rng):
    lr0 = rng.uniform(0.01, 1.0)
    return lr0, rng.uniform(0.05, 0.3) * lr0, int(rng.integers(20, 201))


@points(0.75)
def test_matches_the_formula_on_a_step_array(student, reference, rng):
    """Check a (4, 6) integer array of steps up to 1.5 * total_steps, with random lr0, lr_min, total_steps."""
    lr0, lr_min, total = _draw(rng)
    boundaries = [0, total // 2, total - 1, total + 1]
    steps = np.concatenate([boundaries, rng.integers(0, 3 * total // 2, size=20)]).reshape(4, 6)
    got = student.cosine_annealing(lr0, steps, total, lr_min=lr_min)
    with named_by_value(got):
        expect_array(got, reference.cosine_annealing(lr0, steps, total, lr_min), **_tol(lr0),
                     what="cosine_annealing(lr0, steps, total_steps, lr_min) on a (4, 6) integer array of steps")


@points(0.75)
def test_exact_at_the_ends_and_past_total_steps(student, rng):
    """Check lr0 at step 0 and lr_min at total_steps and at three steps past it (lr_min != 0)."""
    lr0, lr_min, total = _draw(rng)
    steps = np.array([0, total, total + 1, 2 * total, 3 * total + 1])
    got = student.cosine_annealing(lr0, steps, total, lr_min=lr_min)
    with named_by_value(got):
        expect_array(got, [lr0, lr_min, lr_min, lr_min, lr_min], **_tol(lr0),
                     what="cosine_annealing(lr0, [0, T, T + 1, 2T, 3T + 1], T, lr_min)")


@points(0.5)
def test_scalar_step_gives_a_float(student, reference, rng):
    """Check that an int step in the first half gives a float64 scalar with the right value (default lr_min = 0)."""
    lr0, _, total = _draw(rng)
    step = int(rng.integers(1, total // 2))  # cos(2 pi s/T) = cos(pi s/T) only at s = 0 and s = 2T/3
    got = student.cosine_annealing(lr0, step, total)
    with named_by_value(got):
        expect_scalar(got, reference.cosine_annealing(lr0, step, total), **_tol(lr0),
                      what="cosine_annealing(lr0, step, total_steps) for an int step")
