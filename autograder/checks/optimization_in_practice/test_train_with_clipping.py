"""Hidden checks for train_with_clipping(grad_f, x0, lr, max_norm, n_steps): gradient descent
x <- x - lr * clip_by_norm(grad_f(x), max_norm), returning the path (n_steps + 1, n) from x0. The objective is
the cliff of the notebook (functions.py), on which the same steps without clipping diverge."""
import numpy as np

from autograder.checking import (expect_array, expect_form, expect_true, expect_unchanged, mistake, points,
                                 tolerances)
from autograder.checks.optimization_in_practice.functions import (CLIFF_LR, cliff_gradient, cliff_loss,
                                                                  plain_descent_end, wall_start)
from autograder.checks.optimization_in_practice.naming import named_by_value


def _descend(grad_f, x0, lr, n_steps, clip, keep_x0=True, aliased=False):
    x = np.array(x0, dtype=float)
    path = [x] if keep_x0 else []
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            if aliased:
                x -= lr * clip(np.asarray(grad_f(x), dtype=float))
            else:
                x = x - lr * clip(np.asarray(grad_f(x), dtype=float))
            path.append(x)
    return np.array(path)


def _by_norm(max_norm):
    def clip(g):
        norm = np.sqrt(np.sum(g * g))
        return g if norm <= max_norm else g * (max_norm / norm)
    return clip


@mistake("train_missing_x0", "This matches a path without its first row: row 0 is the starting point x0, so the "
         "path has n_steps + 1 rows.")
def train_missing_x0(grad_f, x0, lr, max_norm, n_steps):
    return _descend(grad_f, x0, lr, n_steps, _by_norm(max_norm), keep_x0=False)


@mistake("train_no_clipping", "This matches plain gradient descent: clip each gradient by norm before the step, "
         "clip_by_norm(grad_f(x), max_norm); on a cliff unclipped steps diverge.")
def train_no_clipping(grad_f, x0, lr, max_norm, n_steps):
    return _descend(grad_f, x0, lr, n_steps, lambda g: g)


@mistake("train_clip_by_value", "This matches steps clipped entry by entry (clip_by_value): clip by norm, so that "
         "every step keeps the gradient's direction.")
def train_clip_by_value(grad_f, x0, lr, max_norm, n_steps):
    return _descend(grad_f, x0, lr, n_steps, lambda g: np.clip(g, -max_norm, max_norm))


@mistake("train_aliased_rows", "Every row of this path is the last point: x -= ... changes the array already stored "
         "in the path; write x = x - ... (a new array) or store x.copy().")
def train_aliased_rows(grad_f, x0, lr, max_norm, n_steps):
    return _descend(grad_f, x0, lr, n_steps, _by_norm(max_norm), aliased=True)


@points(1)
def test_stays_finite_and_descends_on_the_cliff(student, rng):
    """Check that 60 clipped steps from a cliff wall, where plain descent diverges, stay finite and descend.

    lr = 0.1, max_norm = 1: the path must be a finite (61, 2) array along which the loss never rises and falls by
    a factor of 100."""
    x0, n_steps = wall_start(rng), 60
    if not np.linalg.norm(plain_descent_end(x0, CLIFF_LR, n_steps)) > 1e20:
        raise RuntimeError("precondition failed: plain gradient descent should diverge from this start")
    got = student.train_with_clipping(cliff_gradient, x0, CLIFF_LR, 1.0, n_steps)
    with named_by_value(got):
        path = expect_form(got, shape=(n_steps + 1, 2), what="train_with_clipping(cliff_gradient, x0, 0.1, 1.0, 60)")
        loss = cliff_loss(path)
        rises = int(np.sum(np.diff(loss) > 1e-12 * loss[:-1]))
        expect_true(rises == 0 and loss[-1] < loss[0] / 100,
                    f"On the cliff with lr = 0.1 and max_norm = 1 the loss should fall at every step, to less than "
                    f"1/100 of its start after 60 steps; along your path it rises {rises} time(s) and ends at "
                    f"{loss[-1] / loss[0]:.3g} times its start. Each step must be x - lr * clip_by_norm(grad_f(x), "
                    "max_norm).", got=got)


@points(1)
def test_matches_the_reference_path(student, reference, rng):
    """Check the path of 40 steps on the cliff from a random start, lr and max_norm against the reference."""
    x0, lr, max_norm = wall_start(rng), rng.uniform(0.05, 0.15), rng.uniform(0.5, 2.0)
    got = student.train_with_clipping(cliff_gradient, x0, lr, max_norm, 40)
    with named_by_value(got):
        expect_array(got, reference.train_with_clipping(cliff_gradient, x0, lr, max_norm, 40),
                     **tolerances.iteration(40),
                     what="train_with_clipping(cliff_gradient, x0, lr, max_norm, 40) from a random start")


@points(0.5)
def test_accepts_a_list_of_ints_as_x0(student, reference, rng):
    """Check that x0 may be a list of ints: a float64 (6, 2) path from it for 5 steps."""
    x0 = [int(rng.choice([-3, 3])), int(rng.choice([-2, -1, 1, 2]))]  # x_1 != 0: clipping by value shows
    got = student.train_with_clipping(cliff_gradient, x0, CLIFF_LR, 1.0, 5)
    with named_by_value(got):
        expect_array(got, reference.train_with_clipping(cliff_gradient, x0, CLIFF_LR, 1.0, 5),
                     **tolerances.iteration(5),
                     what="train_with_clipping(cliff_gradient, x0, 0.1, 1.0, 5) with x0 a list of two ints")


@points(0.5)
def test_does_not_modify_x0(student, rng):
    """Check that an array x0 is unchanged after training from it."""
    got = student.train_with_clipping.tracking_arguments(cliff_gradient, wall_start(rng), CLIFF_LR, 1.0, 10)
    with named_by_value(got):
        expect_unchanged(got, what="train_with_clipping(grad_f, x0, lr, max_norm, n_steps)")
