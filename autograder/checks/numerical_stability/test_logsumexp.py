"""Hidden checks for logsumexp(x, axis=-1): log(sum(exp(x))) along `axis`, stable (no overflow for entries
like ±1000); a slice of only -inf gives -inf without a warning; matches scipy.special.logsumexp, which is
computed here on the trusted side; the axis is removed (a float64 scalar for 1-D input)."""
import warnings

import numpy as np
from scipy.special import logsumexp as scipy_logsumexp

from autograder.checking import mistake, points
from autograder.checks.numerical_stability.matching import (expect_arguments_unchanged, expect_quiet, expect_values,
                                                          expect_values_with_infinities)

# SciPy >= 1.15 separates the maximum and uses log1p, the textbook formula does not: near a result of 0 they
# differ by ~1e-16 absolutely, so the tolerance is absolute as well as relative.
TOL = {"rtol": 1e-12, "atol": 1e-12,
       "why": "m + log(sum(exp(x - m))) and SciPy's formulation differ by rounding only: a few eps relative, "
              "about 1e-16 absolute near 0"}
MATCH = {"rtol": TOL["rtol"], "atol": TOL["atol"]}


@mistake("logsumexp_naive",
         "Computing `exp(x)` directly overflows and underflows: use `m + log(sum(exp(x - m)))` with `m` the maximum "
         "along `axis`.")
def naive(x, axis=-1):
    return np.log(np.sum(np.exp(np.asarray(x, dtype=np.float64)), axis=axis))


@mistake("logsumexp_all_neginf_nan",
         "For a slice of only -inf, `x - m` is -inf - (-inf) = nan: replace a non-finite maximum by 0 before "
         "subtracting, and compute `log(0) = -inf` inside `np.errstate(divide=\"ignore\")`.")
def all_neginf_nan(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))


@mistake("logsumexp_log_zero_warning",
         "The value -inf is right, but the function must not warn: take that logarithm inside "
         "`with np.errstate(divide=\"ignore\"):`.")
def log_zero_warning(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))


@mistake("logsumexp_max_not_added_back",
         "After shifting by the maximum, add it back: LSE(x) = m + log(sum(exp(x - m))).")
def max_not_added_back(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(x - m), axis=axis))


@mistake("logsumexp_keepdims_shape",
         "`logsumexp` removes `axis`, like `np.sum(x, axis=axis)` and `scipy.special.logsumexp`: squeeze the kept "
         "dimension out of the result.")
def keepdims_shape(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))


MISTAKES = [naive, all_neginf_nan, log_zero_warning, max_not_added_back, keepdims_shape]


def lse(x, axis=-1):
    """scipy.special.logsumexp, quietly (its -inf for an all -inf slice is the expected answer)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return scipy_logsumexp(np.asarray(x, dtype=np.float64), axis=axis)


@points(0.5)
def test_matches_scipy_on_vectors(student, rng):
    """Check a random vector and an integer vector: a float64 scalar equal to scipy.special.logsumexp."""
    x = rng.normal(0.0, 5.0, size=8)
    expect_values(student.logsumexp(x), lse(x), what="logsumexp(x) for a random vector x", scalar=True,
                  mistakes=MISTAKES, **TOL)
    k = rng.integers(-10, 11, size=5)
    expect_values(student.logsumexp(k), lse(k), what="logsumexp(k) for an integer vector k", scalar=True,
                  mistakes=MISTAKES, **TOL)


@points(1)
def test_matches_scipy_along_an_axis(student, rng):
    """Check 2-D input along axis -1 and 0 and 3-D input along axis 1 (the axis removed), and that x is unchanged."""
    X = rng.normal(0.0, 5.0, size=(4, 6))
    got = student.logsumexp.tracking_arguments(X)
    expect_values(got, lse(X), what="logsumexp(X) for a random 4x6 matrix X", mistakes=MISTAKES, **TOL)
    expect_arguments_unchanged(got, what="logsumexp(X)")
    expect_values(student.logsumexp(X, axis=0), lse(X, axis=0), what="logsumexp(X, axis=0) for a random 4x6 matrix X",
                  mistakes=MISTAKES, **TOL)
    Y = rng.normal(0.0, 5.0, size=(2, 3, 4))
    expect_values(student.logsumexp(Y, axis=1), lse(Y, axis=1), mistakes=MISTAKES, **TOL,
                  what="logsumexp(Y, axis=1) for a random array Y of shape (2, 3, 4)")


@points(1)
def test_entries_near_1000_do_not_overflow(student, rng):
    """Check vectors near +1000 and -1000 and rows far apart: matches SciPy, with no overflow warning."""
    for centre in (1000.0, -1000.0):
        x = centre + rng.normal(0.0, 2.0, size=5)
        what = f"logsumexp(x) for a vector of entries near {centre:+g}"
        got = student.logsumexp(x)
        expect_values(got, lse(x), what=what, scalar=True, mistakes=MISTAKES, **TOL)
        expect_quiet(got, what=what, only="overflow", mistakes=MISTAKES, **MATCH)
    X = rng.normal(0.0, 2.0, size=(4, 5))
    X += np.array([1000.0, -1000.0, 0.0, 0.0])[:, None]
    X[3] += np.where(np.arange(5) % 2 == 0, 1000.0, -1000.0)
    X = X[rng.permutation(4)]
    what = "logsumexp(X) for a 4x5 X whose rows lie near +1000, near -1000, near 0 and at both"
    got = student.logsumexp(X)
    expect_values(got, lse(X), what=what, mistakes=MISTAKES, **TOL)
    expect_quiet(got, what=what, only="overflow", mistakes=MISTAKES, **MATCH)


@points(0.5)
def test_neg_inf_entries(student, rng):
    """Check rows that hold some -inf entries beside finite ones (the -inf terms add nothing)."""
    X = rng.normal(0.0, 5.0, size=(3, 6))
    for row in range(3):
        X[row, rng.choice(6, size=row + 2, replace=False)] = -np.inf
    X[2] += 1000.0
    expect_values(student.logsumexp(X), lse(X), what="logsumexp(X) for a 3x6 X whose rows hold some -inf entries",
                  mistakes=MISTAKES, **TOL)


@points(1)
def test_slice_of_only_neg_inf_gives_neg_inf_without_warning(student, rng):
    """Check that a slice of only -inf gives -inf with no warning (2-D beside ordinary rows, and 1-D)."""
    X = rng.normal(0.0, 5.0, size=(5, 4))
    X[1] += 1000.0
    X[3, rng.choice(4, size=2, replace=False)] = -np.inf
    X[[0, 2, 4][rng.integers(3)]] = -np.inf
    X = X[rng.permutation(5)]
    what = "logsumexp(X) for a 5x4 X with a row of only -inf (among ordinary rows, one near 1000)"
    got = student.logsumexp(X)
    meaning = "The log of an empty sum is log(0) = -inf; the other rows are ordinary."
    expect_values_with_infinities(got, lse(X), what=what, meaning=meaning, mistakes=MISTAKES, **TOL)
    expect_quiet(got, what=what, mistakes=MISTAKES, **MATCH)
    x = np.full(int(rng.integers(2, 7)), -np.inf)
    what = "logsumexp(x) for a vector of only -inf"
    got = student.logsumexp(x)
    expect_values_with_infinities(got, -np.inf, what=what, scalar=True, meaning=meaning.split(";")[0] + ".",
                                  mistakes=MISTAKES, **TOL)
    expect_quiet(got, what=what, mistakes=MISTAKES, **MATCH)
