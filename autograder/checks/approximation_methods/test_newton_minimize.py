"""Hidden checks for newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50): stop when ||g||_2 < tol
(before the step), else solve H s = g and x <- x - s; (x, path); LinAlgError on a singular Hessian."""
import numpy as np

from autograder.checking import expect_true, expect_unchanged, mistake, points, tolerances
from autograder.checks.approximation_methods.functions import (
    backward_error, bowl_gradient, bowl_hessian, expect_raising, expect_result, expect_returns, iterates_of,
    quartic_gradient, quartic_hessian, stiff_gradient, stiff_hessian, stiff_start, valley_gradient, valley_hessian)

def _newton(grad_f, hess_f, x0, tol, max_iter, step=np.linalg.solve, test_x0=True):
    """Newton's method on the trusted side, with s = step(H, g) and x <- x - s: (x, path)."""
    x = np.array(x0, dtype=float)
    path = [x]
    for k in range(max_iter):
        if (test_x0 or k > 0) and np.linalg.norm(grad_f(x)) < tol:
            break
        x = x - step(hess_f(x), grad_f(x))
        path.append(x)
    return path[-1].copy(), np.array(path)


def _unless_contract(answer, grad_f, hess_f, x0, tol, max_iter):
    """A mistake names only answers that differ from the contract's."""
    try:
        path = _newton(grad_f, hess_f, x0, tol, max_iter)[1]
    except np.linalg.LinAlgError:
        return answer
    if answer[1].shape == path.shape and np.allclose(answer[1], path, rtol=1e-9, atol=1e-12):
        raise ValueError("the same answer as the contract's: not this mistake")
    return answer


def _one_row(x0):
    """The answer when x0 is already a critical point: (x0, [x0])."""
    x0 = np.array(x0, dtype=float)
    return x0, x0[None, :]


@mistake("newton_min_uses_inverse", "This matches a step computed with np.linalg.inv(H) @ g: solve H s = g with "
         "np.linalg.solve(H, g), which is cheaper and leaves a residual at rounding level.")
def uses_inverse(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    answer = _newton(grad_f, hess_f, x0, tol, max_iter, lambda H, g: np.linalg.inv(H) @ g)
    return _unless_contract(answer, grad_f, hess_f, x0, tol, max_iter)


@mistake("newton_min_wrong_sign", "This matches x <- x + s: with H s = g the Newton step is x <- x - s; adding s "
         "moves away from the critical point.")
def wrong_sign(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    answer = _newton(grad_f, hess_f, x0, tol, max_iter, lambda H, g: -np.linalg.solve(H, g))
    return _unless_contract(answer, grad_f, hess_f, x0, tol, max_iter)


@mistake("newton_min_lstsq_or_pinv", "This matches a least-squares or pseudo-inverse step: a singular Hessian must "
         "raise numpy.linalg.LinAlgError, which np.linalg.solve does and lstsq/pinv hide.")
def lstsq_or_pinv(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    answer = _newton(grad_f, hess_f, x0, tol, max_iter, lambda H, g: np.linalg.lstsq(H, g, rcond=None)[0])
    return _unless_contract(answer, grad_f, hess_f, x0, tol, max_iter)


@mistake("newton_min_checks_after_step", "This matches a test of ||g|| after the step: test it before, x0 included, "
         "so a start at a minimum returns a path with one row.")
def checks_after_step(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    answer = _newton(grad_f, hess_f, x0, tol, max_iter, test_x0=False)
    return _unless_contract(answer, grad_f, hess_f, x0, tol, max_iter)


@mistake("newton_min_in_place_update", "This matches x -= s on x = np.asarray(x0): the update modifies the caller's "
         "x0 and every row of path is the same array; work on np.array(x0, dtype=float) and write x = x - s.")
def in_place_update(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    x, path = _newton(grad_f, hess_f, x0, tol, max_iter)
    return _unless_contract((x, np.array([x] * len(path))), grad_f, hess_f, x0, tol, max_iter)


@points(1)
def test_path_matches_the_reference(student, reference, rng):
    """Check the path on a strictly convex quartic in R^3 from a random start (quadratic convergence in a few steps)."""
    x0 = rng.uniform(-2, 2, size=3)
    want = reference.newton_minimize(quartic_gradient, quartic_hessian, x0)
    expect_result(student.newton_minimize(quartic_gradient, quartic_hessian, x0), want,
                  what="newton_minimize on a convex quartic in R^3 from a random start",
                  **tolerances.iteration(len(want[1])))


@points(1)
def test_solves_the_newton_system(student, rng):
    """Check that the step solves H s = g to rounding level when cond(H) = 1e10 (a solve, not the inverse)."""
    for _ in range(2):
        x0 = stiff_start(rng)
        got = student.newton_minimize(stiff_gradient, stiff_hessian, x0, max_iter=1)
        path = iterates_of(got, what="newton_minimize(grad_f, hess_f, x0, max_iter=1)", ndim=2)
        expect_true(path.shape == (2, 3), "With max_iter=1 from a point where g != 0 the path should have shape "
                    f"(2, 3), but it has shape {path.shape}.", got=got)
        error = backward_error(stiff_hessian(x0), stiff_gradient(x0), x0, path[1])
        expect_true(error <= 100, "The step s = x0 - x1 should solve H s = g up to rounding: a backward-stable solve "
                    "(np.linalg.solve) leaves a residual ||H s - g|| of a few eps*||H||*||s||; yours is "
                    f"{error:.1e} times that, with cond(H) = 1e10. Solve H s = g; do not form the inverse of H.",
                    got=got)


@points(1)
def test_singular_hessian_raises_lin_alg_error(student, rng):
    """Check that a singular Hessian raises LinAlgError, but a start where g = 0 returns before asking for H."""
    a, b = rng.uniform(0.5, 2, size=2)
    expect_raising("LinAlgError", student.newton_minimize, valley_gradient, valley_hessian, np.array([a, b]),
                   what="newton_minimize with the singular Hessian [[1, 1], [1, 1]] at a point where g != 0",
                   hint="Use np.linalg.solve(H, g) and let its numpy.linalg.LinAlgError propagate.")
    got = expect_returns(student.newton_minimize, valley_gradient, valley_hessian, np.array([a, -a]),
                         what="newton_minimize with a singular Hessian from a point where g == 0",
                         hint="Test ||g|| < tol before the step, x0 included.")
    expect_result(got, _one_row([a, -a]), what="newton_minimize from a point where g == 0",
                  rtol=0, atol=0, why="exact: no step")


@points(0.5)
def test_gradient_is_tested_before_the_step(student, reference):
    """Check that a start at the minimum returns a one-row path, and max_iter steps return without an error."""
    expect_result(student.newton_minimize(bowl_gradient, bowl_hessian, [1, -2]), _one_row([1, -2]),
                  what="newton_minimize on (x - 1)^2 + 2(y + 2)^2 from its minimum [1, -2]", rtol=0, atol=0,
                  why="exact")
    x0 = np.array([2.0, -1.5, 1.0])
    got = expect_returns(student.newton_minimize, quartic_gradient, quartic_hessian, x0, max_iter=2,
                         what="newton_minimize with max_iter=2 (not converged yet)",
                         hint="After max_iter steps without convergence it returns what it has.")
    expect_result(got, reference.newton_minimize(quartic_gradient, quartic_hessian, x0, max_iter=2),
                  what="newton_minimize with max_iter=2", **tolerances.iteration(2))


@points(0.5)
def test_leaves_x0_alone_and_accepts_a_list(student, reference, rng):
    """Check that an array x0 is not modified and a list of integers works (float64 path)."""
    x0 = rng.uniform(-2, 2, size=3)
    expect_unchanged(student.newton_minimize.tracking_arguments(quartic_gradient, quartic_hessian, x0),
                     what="newton_minimize(grad_f, hess_f, x0)")
    start = [int(v) for v in rng.integers(-2, 3, size=3)]
    want = reference.newton_minimize(quartic_gradient, quartic_hessian, start)
    expect_result(student.newton_minimize(quartic_gradient, quartic_hessian, start), want,
                  what="newton_minimize from a list of integers", **tolerances.iteration(len(want[1])))
