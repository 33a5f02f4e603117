"""Hidden checks for exponential_decay(lr0, step, decay_rate=0.96, decay_steps=1)
= lr0 * decay_rate ** (step / decay_steps), continuous (not a staircase)."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


@mistake("exponential_staircase", "This matches decay_rate ** (step // decay_steps), a staircase: the schedule is "
         "continuous, divide with /, not //; integer division turns it into step decay.")
def exponential_staircase(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * decay_rate ** (np.asarray(step) // decay_steps)


@mistake("exponential_precedence", "This matches lr0 * decay_rate ** step / decay_steps: ** binds tighter than /, "
         "so this is lr0 * decay_rate^step / decay_steps; put the exponent in brackets, "
         "decay_rate ** (step / decay_steps).")
def exponential_precedence(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * decay_rate ** np.asarray(step) / decay_steps


@mistake("exponential_exp_form", "This matches lr0 * exp(-decay_rate * step / decay_steps): decay_rate is the factor "
         "applied every decay_steps steps, not a rate constant in e^(-kt); the formula is "
         "lr0 * decay_rate^(step / decay_steps).")
def exponential_exp_form(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * np.exp(-decay_rate * np.asarray(step) / decay_steps)


@mistake("exponential_ratio_inverted", "This matches decay_rate ** (decay_steps * step): the exponent is "
         "step / decay_steps (the number of decay periods elapsed), not step * decay_steps.")
def exponential_ratio_inverted(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * decay_rate ** (decay_steps * np.asarray(step))


TOL = tolerances.closed_form()


@points(1)
def test_matches_the_formula_on_a_step_array(student, reference, rng):
    """Check a (4, 5) integer array of steps, with random lr0, decay_rate and decay_steps > 1, against the formula."""
    lr0, rate, every = rng.uniform(0.01, 1.0), rng.uniform(0.5, 0.99), int(rng.integers(3, 21))
    steps = np.concatenate([[0, 1, every, every + 1], rng.integers(0, 8 * every, size=16)]).reshape(4, 5)
    got = student.exponential_decay(lr0, steps, decay_rate=rate, decay_steps=every)
    with named_by_value(got):
        expect_array(got, reference.exponential_decay(lr0, steps, rate, every), **TOL,
                     what="exponential_decay(lr0, steps, decay_rate, decay_steps) on a (4, 5) integer array of steps")


@points(0.5)
def test_default_arguments(student, reference, rng):
    """Check the defaults decay_rate=0.96, decay_steps=1 on the steps 0..39 (shape (4, 10))."""
    lr0, steps = rng.uniform(0.01, 1.0), np.arange(40).reshape(4, 10)
    got = student.exponential_decay(lr0, steps)
    with named_by_value(got):
        expect_array(got, reference.exponential_decay(lr0, steps), **TOL,
                     what="exponential_decay(lr0, steps) with the defaults on the steps 0..39")


@points(0.5)
def test_scalar_step_gives_a_float(student, reference, rng):
    """Check that an int step between two multiples of decay_steps gives a float64 scalar with the right value."""
    lr0, rate, every = rng.uniform(0.01, 1.0), rng.uniform(0.5, 0.99), int(rng.integers(3, 21))
    step = int(every * rng.integers(1, 5) + rng.integers(1, every))
    got = student.exponential_decay(lr0, step, decay_rate=rate, decay_steps=every)
    with named_by_value(got):
        expect_scalar(got, reference.exponential_decay(lr0, step, rate, every), **TOL,
                      what="exponential_decay(lr0, step, decay_rate, decay_steps) for an int step")
