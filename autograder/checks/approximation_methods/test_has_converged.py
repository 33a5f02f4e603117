"""Hidden checks for has_converged(x_new, x_old, atol=1e-12, rtol=1e-8): True iff
||x_new - x_old|| <= atol + rtol*||x_new|| (infinity norm for arrays), a bool or numpy.bool_."""
import numpy as np

from autograder.checking import expect_equal, mistake, points

BOOLS = (bool, np.bool_)


def _inf_norm(v):
    return np.max(np.abs(np.asarray(v, dtype=float)))


@mistake("has_converged_elementwise", "This matches an elementwise comparison: return one bool from the norms of "
         "the step and of x_new, not an array.")
def elementwise(x_new, x_old, atol=1e-12, rtol=1e-8):
    x_new, x_old = np.asarray(x_new, dtype=float), np.asarray(x_old, dtype=float)
    return np.abs(x_new - x_old) <= atol + rtol * np.abs(x_new)


@mistake("has_converged_strict_inequality", "This matches the strict test <: a step exactly equal to "
         "atol + rtol*||x_new|| has converged, so use <=.")
def strict_inequality(x_new, x_old, atol=1e-12, rtol=1e-8):
    return bool(_inf_norm(np.subtract(x_new, x_old)) < atol + rtol * _inf_norm(x_new))


@mistake("has_converged_two_norm", "This matches the Euclidean norm: use the infinity norm, the largest absolute "
         "entry, np.max(np.abs(...)), for the step and for x_new.")
def two_norm(x_new, x_old, atol=1e-12, rtol=1e-8):
    x_new, x_old = np.asarray(x_new, dtype=float), np.asarray(x_old, dtype=float)
    return bool(np.linalg.norm(x_new - x_old) <= atol + rtol * np.linalg.norm(x_new))


@mistake("has_converged_relative_to_old", "This matches a relative part measured on x_old: the threshold is "
         "atol + rtol*||x_new|| (np.allclose(x_new, x_old) makes the same mistake).")
def relative_to_old(x_new, x_old, atol=1e-12, rtol=1e-8):
    return bool(_inf_norm(np.subtract(x_new, x_old)) <= atol + rtol * _inf_norm(x_old))


@mistake("has_converged_ignores_rtol", "This matches an absolute test only, ||x_new - x_old|| <= atol: add the "
         "relative part rtol*||x_new||, or large iterates never converge.")
def ignores_rtol(x_new, x_old, atol=1e-12, rtol=1e-8):
    return bool(_inf_norm(np.subtract(x_new, x_old)) <= atol)


def _expect(student, want, *args, what, **kwargs):
    expect_equal(student.has_converged(*args, **kwargs), want, what=what, types=BOOLS)


@points(0.5)
def test_a_step_at_the_threshold_has_converged(student, rng):
    """Check that a step exactly equal to atol (rtol = 0) has converged, and a larger one has not."""
    x_new = float(rng.integers(-40, 40)) / 8  # dyadic numbers: every step below is exact
    _expect(student, True, x_new, x_new + 0.25, atol=0.25, rtol=0.0, what="has_converged with a step of exactly atol")
    _expect(student, False, x_new, x_new - 0.375, atol=0.25, rtol=0.0, what="has_converged with a step of 1.5 atol")


@points(0.5)
def test_the_relative_part_uses_x_new(student, rng):
    """Check that large iterates converge through rtol*|x_new|, and that x_old does not set the threshold."""
    x = float(rng.uniform(1, 9)) * 10.0 ** int(rng.integers(5, 9))
    _expect(student, True, x, x * (1 + 5e-9), what="has_converged for large x with a relative step of 5e-9 (defaults)")
    x_new = float(rng.uniform(1, 2)) * float(rng.choice([-1, 1]))
    _expect(student, False, x_new, 3 * x_new, rtol=0.8,
            what="has_converged(x_new, 3*x_new, rtol=0.8): the step 2|x_new| is above 0.8|x_new|")


@points(0.5)
def test_arrays_use_the_infinity_norm(student, rng):
    """Check 1-D arrays: the largest absolute entry of the step decides, not its Euclidean norm."""
    n, atol = int(rng.integers(4, 7)), 10.0 ** -int(rng.integers(3, 9))
    x_new = rng.uniform(-1, 1, size=n)
    step = 0.9 * atol * rng.choice([-1.0, 1.0], size=n)  # every entry below atol, the Euclidean norm above it
    _expect(student, True, x_new, x_new - step, atol=atol, rtol=0.0,
            what=f"has_converged for arrays of {n} entries, every entry of the step 0.9 atol (rtol=0)")
    step = np.zeros(n)
    step[rng.integers(n)] = 1.5 * atol
    _expect(student, False, x_new, x_new - step, atol=atol, rtol=0.0,
            what=f"has_converged for arrays of {n} entries, one entry of the step 1.5 atol (rtol=0)")


@points(0.5)
def test_lists_and_integers_give_one_bool(student, rng):
    """Check that lists and integers work and the answer is one bool (or numpy.bool_)."""
    point = [int(v) for v in rng.integers(-9, 10, size=3)]
    _expect(student, True, point, list(point), what="has_converged(p, p) for a list p of integers")
    _expect(student, False, [1, 2, 3], [1, 2, 4], what="has_converged([1, 2, 3], [1, 2, 4])")
    _expect(student, False, 5, 4, what="has_converged(5, 4)")
