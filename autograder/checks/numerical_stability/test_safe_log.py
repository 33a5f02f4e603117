"""Hidden checks for safe_log(x, eps=1e-10): log(max(x, eps)) elementwise (a np.float64 for a number)."""
import numpy as np

from autograder.checking import expect_array, expect_scalar, expect_unchanged, mistake, points, tolerances

TOL = tolerances.closed_form()


@mistake("safe_log_adds_eps",
         "The contract is log(max(x, eps)), not log(x + eps): clamp with `np.maximum(x, eps)` instead of shifting "
         "every value.")
def adds_eps(x, eps=1e-10):
    return np.log(np.asarray(x, dtype=np.float64) + eps)


@mistake("safe_log_clips_above",
         "Only clamp from below: values above 1 must keep their logarithm; use `np.maximum(x, eps)`.")
def clips_above(x, eps=1e-10):
    return np.log(np.clip(np.asarray(x, dtype=np.float64), eps, 1))


@mistake("safe_log_min_instead_of_max", "Raise small values up to eps with `np.maximum`, not `np.minimum`.")
def min_instead_of_max(x, eps=1e-10):
    return np.log(np.minimum(np.asarray(x, dtype=np.float64), eps))


def _mixed(rng):
    """Positive values on both sides of 1, zeros, negatives, values below eps and eps itself, shuffled, 3x4."""
    parts = [rng.uniform(0.01, 1.0, size=3), rng.uniform(1.0, 100.0, size=3), [0.0], -rng.uniform(0.1, 5.0, size=2),
             rng.uniform(0.0, 1e-10, size=2), [1e-10]]
    return rng.permutation(np.concatenate(parts)).reshape(3, 4)


@points(0.5)
def test_matches_on_an_array_with_zeros_and_negatives(student, reference, rng):
    """Check a 3x4 array with zeros, negatives and values below eps (default and custom eps); x left unchanged."""
    X = _mixed(rng)
    got = student.safe_log.tracking_arguments(X)
    expect_array(got, reference.safe_log(X), **TOL,
                 what="safe_log(X) for a 3x4 array with zeros, negatives and tiny values")
    expect_unchanged(got, what="safe_log(X)")
    expect_array(student.safe_log(X, eps=1e-3), reference.safe_log(X, eps=1e-3), **TOL,
                 what="safe_log(X, eps=1e-3) for the same kind of array")


@points(0.5)
def test_numbers(student, reference, rng):
    """Check safe_log(0) = log(1e-10), a number above 1, and a negative number with eps=1e-3: a float each."""
    expect_scalar(student.safe_log(0), reference.safe_log(0), what="safe_log(0)", **TOL)
    x = float(rng.uniform(2.0, 50.0))
    expect_scalar(student.safe_log(x), reference.safe_log(x), what="safe_log(x) for a number x > 1", **TOL)
    expect_scalar(student.safe_log(-2.5, eps=1e-3), reference.safe_log(-2.5, eps=1e-3), **TOL,
                  what="safe_log(-2.5, eps=1e-3)")
