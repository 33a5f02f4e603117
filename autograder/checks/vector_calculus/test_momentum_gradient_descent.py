"""Hidden checks for momentum_gradient_descent(f, grad_f, x0, learning_rate, momentum, n_iters, tol)."""
import numpy as np

from autograder.checking import expect_array, expect_form, expect_true, expect_tuple, expect_unchanged, mistake, points, tolerances
from autograder.checks.vector_calculus.functions import bowl, bowl_gradient, rosenbrock, rosenbrock_gradient


def _run(f, grad_f, x0, learning_rate, momentum, n_iters, tol, update):
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path, values = [x.copy()], [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=float)
        x, v = update(x, v, g, learning_rate, momentum)
        path.append(x.copy())
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            break
    return np.array(path), np.array(values)


@mistake("ema_momentum", "This matches the EMA form v = momentum*v + (1 - momentum)*g, x = x - learning_rate*v; "
         "the heavy-ball update of the lecture is v = momentum*v + learning_rate*g, x = x - v.")
def ema_momentum(f, grad_f, x0, learning_rate=0.001, momentum=0.9, n_iters=10000, tol=1e-8):
    def update(x, v, g, lr, m):
        v = m * v + (1 - m) * g
        return x - lr * v, v
    return _run(f, grad_f, x0, learning_rate, momentum, n_iters, tol, update)


@mistake("momentum_sign_error", "This matches an update that adds the velocity (x = x + v): the step must go "
         "against the gradient, x = x - v with v = momentum*v + learning_rate*g.")
def momentum_sign_error(f, grad_f, x0, learning_rate=0.001, momentum=0.9, n_iters=10000, tol=1e-8):
    def update(x, v, g, lr, m):
        v = m * v + lr * g
        return x + v, v
    with np.errstate(all="ignore"):
        return _run(f, grad_f, x0, learning_rate, momentum, n_iters, tol, update)


@mistake("no_momentum", "This matches plain gradient descent: the velocity v must carry over between "
         "iterations (v = momentum*v + learning_rate*g).")
def no_momentum(f, grad_f, x0, learning_rate=0.001, momentum=0.9, n_iters=10000, tol=1e-8):
    def update(x, v, g, lr, m):
        return x - lr * g, v
    return _run(f, grad_f, x0, learning_rate, momentum, n_iters, tol, update)


def _path_and_values(got, what):
    path, values = expect_tuple(got, 2, what=what)
    return path, values


@points(1.5)
def test_matches_reference_trajectory(student, reference, rng):
    """Check that the path and values match the reference for 300 iterations on Rosenbrock."""
    x0 = np.array([-1.0, 1.0]) + rng.uniform(-0.2, 0.2, size=2)
    what = "momentum_gradient_descent on Rosenbrock from a random start, n_iters=300"
    path, values = _path_and_values(student.momentum_gradient_descent(rosenbrock, rosenbrock_gradient, x0, n_iters=300), what)
    want_path, want_values = reference.momentum_gradient_descent(rosenbrock, rosenbrock_gradient, x0, n_iters=300)
    expect_array(path, want_path, what=f"the path of {what}", **tolerances.iteration(300))
    expect_array(values, want_values, what=f"the values of {what}", **tolerances.iteration(300))


@points(1)
def test_reaches_the_valley_floor_in_about_884_iterations(student):
    """Check that from (-1, 1) with the defaults f drops below 1e-4 after about 884 iterations."""
    got = student.momentum_gradient_descent(rosenbrock, rosenbrock_gradient, np.array([-1.0, 1.0]))
    path, values = _path_and_values(got, "momentum_gradient_descent on Rosenbrock from (-1, 1)")
    values = expect_form(values, ndim=1, finite=False, what="the values")
    below = np.flatnonzero(values < 1e-4)
    first = int(below[0]) if below.size else None
    expect_true(first is not None and abs(first - 884) <= 2,
                f"With the default settings from (-1, 1), f should drop below 1e-4 after about 884 iterations; "
                f"yours {'never does' if first is None else f'does after {first}'}. Plain gradient descent needs "
                f"about 9298; check the velocity update v = momentum*v + learning_rate*g.", got=got)


@points(0.75)
def test_stops_when_the_gradient_is_small(student, reference):
    """Check that the loop stops at the first iteration whose gradient norm is below tol."""
    x0 = np.array([1.0, 1.0])
    what = "momentum_gradient_descent on a quadratic bowl with learning_rate=0.1, tol=1e-3"
    path, values = _path_and_values(student.momentum_gradient_descent(bowl, bowl_gradient, x0, learning_rate=0.1,
                                                                      momentum=0.5, tol=1e-3), what)
    want_path, want_values = reference.momentum_gradient_descent(bowl, bowl_gradient, x0, learning_rate=0.1,
                                                                 momentum=0.5, tol=1e-3)
    expect_array(path, want_path, what=f"the path of {what} (its length shows where the loop stopped)",
                 **tolerances.iteration(len(want_path)))


@points(0.5)
def test_accepts_a_list_start(student, reference):
    """Check that x0 may be a list and the path starts with x0, shape (k+1, n)."""
    what = "momentum_gradient_descent with x0 = [2, -1] (a list), n_iters=5"
    path, values = _path_and_values(student.momentum_gradient_descent(bowl, bowl_gradient, [2, -1], learning_rate=0.1,
                                                                      n_iters=5), what)
    want_path, want_values = reference.momentum_gradient_descent(bowl, bowl_gradient, [2, -1], learning_rate=0.1, n_iters=5)
    expect_array(path, want_path, what=f"the path of {what}", **tolerances.iteration(5))
    expect_array(values, want_values, what=f"the values of {what}", **tolerances.iteration(5))


@points(0.25)
def test_does_not_modify_x0(student):
    """Check that momentum_gradient_descent leaves its starting point unchanged."""
    x0 = np.array([2.0, -1.0])
    got = student.momentum_gradient_descent.tracking_arguments(bowl, bowl_gradient, x0, learning_rate=0.1, n_iters=5)
    expect_unchanged(got, what="momentum_gradient_descent(f, grad_f, x0)")
