"""The cliff the train_with_clipping checks hand to student code (``@sandboxed``, rebuilt inside the
sandbox) and its trusted-side companions. ``cliff_gradient`` and ``cliff_loss`` are the reference's
(reference/optimization_in_practice.py) with their defaults written in: a canyon along x_0 whose
floor is the bowl 0.5*||x||^2 and whose walls, beyond |x_0| = 1, are 101 times as curved."""
import numpy as np

from autograder.checking import sandboxed

CLIFF_LR = 0.1  # stable on the floor (0.1 * 1 < 2), unstable on the walls (0.1 * 101 > 2)


@sandboxed
def cliff_gradient(x):
    g = np.array(x, dtype=np.float64)
    a = g[..., 0].copy()
    g[..., 0] += 100.0 * np.sign(a) * np.maximum(np.abs(a) - 1.0, 0.0)
    return g


def cliff_loss(x):
    x = np.asarray(x, dtype=np.float64)
    over = np.maximum(np.abs(x[..., 0]) - 1.0, 0.0)
    return 0.5 * np.sum(x * x, axis=-1) + 50.0 * over ** 2


def wall_start(rng):
    """A random start on one of the walls, |x_0| in [2.5, 3.5]: plain descent with CLIFF_LR runs away from it."""
    return np.array([rng.choice([-1.0, 1.0]) * rng.uniform(2.5, 3.5), rng.uniform(-2.5, 2.5)])


def plain_descent_end(x0, lr, n_steps):
    """Where the same steps end without clipping (trusted side, for the checks' precondition)."""
    x = np.array(x0, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n_steps):
            x = x - lr * cliff_gradient(x)
    return x
