"""Hidden checks for stable_softmax(x, axis=-1): softmax along `axis` with each slice's maximum subtracted; no
overflow and no warning for logits like ±1000; -inf entries get probability 0; 1-D and n-D; float64 of x's shape."""
import numpy as np

from autograder.checking import (expect_array, expect_form, expect_no_warnings, expect_true, expect_unchanged, mistake,
                                 points)

TOL = {"rtol": 1e-12, "atol": 1e-300,
       "why": "exp of a shifted logit is accurate to about |x - max|*eps relative and the normalising sum to about "
              "n*eps, far below 1e-12 for these logits"}


@mistake("softmax_no_max_subtraction",
         "`exp` overflows for logits above about 709: subtract the maximum along `axis` before exponentiating "
         "(softmax does not change when every logit is shifted by the same amount).")
def no_max_subtraction(x, axis=-1):
    e = np.exp(np.asarray(x, dtype=np.float64))
    return e / np.sum(e, axis=axis, keepdims=True)


@mistake("softmax_global_max",
         "Subtract each slice's own maximum (`np.max(x, axis=axis, keepdims=True)`), not the maximum of the whole "
         "array: a slice far below the global maximum underflows to 0/0.")
def global_max(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)


@mistake("softmax_normalised_over_everything",
         "Normalise along `axis` only: `np.sum(e, axis=axis, keepdims=True)`, so that every slice sums to 1.")
def normalised_over_everything(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e)


@mistake("softmax_no_keepdims",
         "Reduce with `keepdims=True` so the maximum and the sum broadcast back along the right axis.")
def no_keepdims(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis))
    return e / np.sum(e, axis=axis)


@points(0.5)
def test_matches_softmax_on_random_logits(student, reference, rng):
    """Check softmax on a random vector, a random square matrix and an integer array, and that x is left unchanged."""
    x = rng.normal(0.0, 3.0, size=7)
    expect_array(student.stable_softmax(x), reference.stable_softmax(x), **TOL,
                 what="stable_softmax(x) for a random vector x")
    X = rng.normal(0.0, 3.0, size=(4, 4))
    got = student.stable_softmax.tracking_arguments(X)
    expect_array(got, reference.stable_softmax(X), **TOL,
                 what="stable_softmax(X) for a random 4x4 matrix X (along the last axis)")
    expect_unchanged(got, what="stable_softmax(X)")
    K = rng.integers(-5, 6, size=(2, 5))
    expect_array(student.stable_softmax(K), reference.stable_softmax(K), **TOL,
                 what="stable_softmax(K) for an integer 2x5 array K")


@points(0.75)
def test_slices_sum_to_one_along_any_axis(student, reference, rng):
    """Check that along axis 0 and axis 1 of a 3-D array every slice sums to 1 and matches softmax."""
    X = rng.normal(0.0, 4.0, size=(3, 4, 5))
    for axis in (0, 1):
        what = f"stable_softmax(X, axis={axis}) for a random array of shape (3, 4, 5)"
        got = student.stable_softmax(X, axis=axis)
        P = expect_form(got, shape=X.shape, what=what)
        worst = float(np.max(np.abs(np.sum(P, axis=axis) - 1.0)))
        expect_true(worst <= 1e-12, f"{what}: the slices along axis {axis} should each sum to 1; the worst is off "
                                    f"by {worst:.2e}. Take the maximum and the sum along `axis`, with keepdims=True.",
                    got=got)
        expect_array(got, reference.stable_softmax(X, axis=axis), what=what, **TOL)


@points(0.5)
def test_invariant_to_adding_a_constant(student, reference, rng):
    """Check that adding a large constant (800 to 1000 in size) to every logit leaves the softmax unchanged."""
    X = rng.normal(0.0, 3.0, size=(3, 6))
    c = float(rng.choice([-1.0, 1.0]) * rng.uniform(800.0, 1000.0))  # exp(x + c) overflows or underflows to 0
    base = expect_array(student.stable_softmax(X), reference.stable_softmax(X), **TOL,
                        what="stable_softmax(X) for a random 3x6 matrix X")
    # X + c is rounded to within |c|*eps/2, which moves each probability by about 2*|c|*eps relative.
    expect_array(student.stable_softmax(X + c), base, rtol=1e-11, atol=1e-300,
                 what="stable_softmax(X + c) for a constant c of size 800 to 1000",
                 why="softmax(x + c) = softmax(x); rounding x + c changes each probability by about 2|c| eps relative")


def _extreme_rows(rng):
    rows = [1000.0, -1000.0, 0.0]
    X = rng.normal(0.0, 2.0, size=(4, 5))
    X[:3] += np.array(rows)[:, None]
    X[3] += np.where(np.arange(5) % 2 == 0, 1000.0, -1000.0)  # one row that mixes +1000 and -1000
    return X[rng.permutation(4)]


@points(1.5)
def test_logits_of_1000_no_overflow_no_warning(student, reference, rng):
    """Check logits near +1000 and -1000 (1-D, and rows far apart in 2-D): the right probabilities and no warning."""
    x = 1000.0 + rng.normal(0.0, 2.0, size=6)
    what = "stable_softmax(x) for a vector of logits near 1000"
    got = student.stable_softmax(x)
    expect_array(got, reference.stable_softmax(x), what=what, **TOL)
    expect_no_warnings(got, what=what)
    X = _extreme_rows(rng)
    what = "stable_softmax(X) for a 4x5 X whose rows lie near +1000, near -1000, near 0 and at both"
    got = student.stable_softmax(X)
    expect_array(got, reference.stable_softmax(X), what=what, **TOL)
    expect_no_warnings(got, what=what)


@points(0.75)
def test_neg_inf_entries_get_probability_zero(student, reference, rng):
    """Check that -inf entries (a mask) get probability exactly 0, in 1-D and along the rows of a 2-D array."""
    x = rng.normal(0.0, 3.0, size=6)
    x[rng.choice(6, size=2, replace=False)] = -np.inf
    expect_array(student.stable_softmax(x), reference.stable_softmax(x), **TOL,
                 what="stable_softmax(x) for a vector x with two -inf entries")
    X = rng.normal(0.0, 3.0, size=(3, 5))
    X[0, rng.choice(5, size=2, replace=False)] = -np.inf
    X[1, :] = -np.inf
    X[1, rng.integers(5)] = rng.normal(0.0, 3.0)  # only one finite entry: probability 1 there
    X[2, rng.choice(5, size=3, replace=False)] = -np.inf
    X[2] += 1000.0
    expect_array(student.stable_softmax(X), reference.stable_softmax(X), **TOL,
                 what="stable_softmax(X) for a 3x5 X whose rows hold -inf entries (one row has a single finite entry)")
