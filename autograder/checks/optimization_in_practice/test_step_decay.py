"""Hidden checks for step_decay(lr0, step, drop=0.5, step_size=10) = lr0 * drop ** (step // step_size)."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


@mistake("step_decay_no_floor", "This matches lr0 * drop ** (step / step_size): the exponent must be the whole "
         "number of completed periods, step // step_size; with / the rate decays smoothly (that is exponential "
         "decay), not in steps.")
def step_decay_no_floor(lr0, step, drop=0.5, step_size=10):
    return lr0 * drop ** (np.asarray(step) / step_size)


@mistake("step_decay_first_drop_at_zero", "This matches a first drop at step 0: steps 0 to step_size - 1 must use "
         "lr0 itself; the first drop happens at step = step_size.")
def step_decay_first_drop_at_zero(lr0, step, drop=0.5, step_size=10):
    return lr0 * drop ** (np.asarray(step) // step_size + 1)


@mistake("step_decay_ceil", "This matches the ceiling of step / step_size: use the floor, not the ceiling; with "
         "ceil the rate already drops at step 1 instead of at step step_size.")
def step_decay_ceil(lr0, step, drop=0.5, step_size=10):
    return lr0 * drop ** np.ceil(np.asarray(step) / step_size)


TOL = tolerances.closed_form()


@points(1)
def test_matches_the_formula_on_a_step_array(student, reference, rng):
    """Check a (3, 8) integer array of steps, with random lr0, drop and step_size, against the formula."""
    lr0, drop, step_size = rng.uniform(0.01, 1.0), rng.uniform(0.2, 0.9), int(rng.integers(3, 13))
    boundaries = [0, step_size - 1, step_size, step_size + 1, 3 * step_size - 1, 3 * step_size]
    steps = np.concatenate([boundaries, rng.integers(0, 5 * step_size, size=18)]).reshape(3, 8)
    got = student.step_decay(lr0, steps, drop=drop, step_size=step_size)
    with named_by_value(got):
        expect_array(got, reference.step_decay(lr0, steps, drop, step_size), **TOL,
                     what="step_decay(lr0, steps, drop, step_size) on a (3, 8) integer array of steps")


@points(0.5)
def test_exact_at_the_period_boundaries(student, rng):
    """Check that with the defaults steps 0 and 9 give lr0, 10 and 19 give lr0/2, 20 and 29 lr0/4, 30 lr0/8."""
    lr0 = rng.uniform(0.01, 1.0)
    steps = np.array([0, 9, 10, 19, 20, 29, 30])
    got = student.step_decay(lr0, steps)
    with named_by_value(got):
        expect_array(got, lr0 * np.array([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]), **TOL,
                     what="step_decay(lr0, [0, 9, 10, 19, 20, 29, 30]) with the defaults drop=0.5, step_size=10")


@points(0.5)
def test_scalar_step_gives_a_float(student, reference, rng):
    """Check that an int step (inside a period) gives a float64 scalar with the right value."""
    lr0, step = rng.uniform(0.01, 1.0), int(10 * rng.integers(1, 5) + rng.integers(1, 10))
    got = student.step_decay(lr0, step)
    with named_by_value(got):
        expect_scalar(got, reference.step_decay(lr0, step), **TOL, what="step_decay(lr0, step) for an int step")
