"""Hidden checks for logsumexp(x, axis=-1): log(sum(exp(x))) along `axis`, stable (no overflow for entries
like ±1000); a slice of only -inf gives -inf without a warning; matches scipy.special.logsumexp, which is
computed here on the trusted side; the axis is removed (a float64 scalar for 1-D input)."""
import dataclasses
import warnings

import numpy as np
from scipy.special import logsumexp as scipy_logsumexp

from autograder.checking import (expect_array, expect_form, expect_no_warnings, expect_scalar, expect_true,
                                 expect_unchanged, mistake, points)

# SciPy >= 1.15 separates the maximum and uses log1p, the textbook formula does not: near a result of 0 they
# differ by ~1e-16 absolutely, so the tolerance is absolute as well as relative.
TOL = {"rtol": 1e-12, "atol": 1e-12,
       "why": "m + log(sum(exp(x - m))) and SciPy's formulation differ by rounding only: a few eps relative, "
              "about 1e-16 absolute near 0"}


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


def lse(x, axis=-1):
    """scipy.special.logsumexp, quietly (its -inf for an all -inf slice is the expected answer)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return scipy_logsumexp(np.asarray(x, dtype=np.float64), axis=axis)


def expect_no_overflow_warning(got, what: str):
    """The contract is "no overflow": only overflow warnings count here."""
    overflows = [w for w in got.warnings if "overflow" in str(w.get("message", ""))]
    expect_no_warnings(dataclasses.replace(got, warnings=overflows), what=what)


def _describe(values: np.ndarray) -> str:
    kinds = (("NaN", np.isnan(values)), ("-inf", np.isneginf(values)), ("+inf", np.isposinf(values)),
             ("finite", np.isfinite(values)))
    return ", ".join(f"{int(mask.sum())} {label}" for label, mask in kinds if mask.any())


def expect_neg_inf_where_due(got, want, what: str, meaning: str):
    """-inf exactly where ``want`` is -inf, the other entries within TOL. (expect_scalar and expect_array stop at
    any non-finite entry, their "finite" rung, even where the right answer is -inf; so the form is checked with
    finite=False and the values as properties, still naming a registered mistake.)"""
    want = np.asarray(want, dtype=np.float64)
    if want.ndim == 0:
        value = got.value
        scalar = isinstance(value, (float, np.float64)) or (
            isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.float64)
        kind = getattr(value, "type_name", None) or type(value).__name__
        expect_true(scalar, f"{what} should return a float (float64) but returned {kind}.", rung="type", got=got)
        actual = np.asarray(value, dtype=np.float64)
    else:
        actual = expect_form(got, shape=want.shape, finite=False, what=what)
    special = ~np.isfinite(want)
    wrong = (special & ~(actual == want)) | (~special & ~np.isfinite(actual))
    expect_true(not wrong.any(), f"{what}: {int(wrong.sum())} of {want.size} entries are wrong: expected "
                                 f"{_describe(want[wrong])}, got {_describe(actual[wrong])}. {meaning}",
                rung="value", got=got, detail=f"got {actual!r}\nwant {want!r}")
    off = ~special & ~np.isclose(actual, want, rtol=TOL["rtol"], atol=TOL["atol"])
    expect_true(not off.any(), f"{what}: {int(off.sum())} finite entries are not within tolerance.\n"
                               f"Why this tolerance: {TOL['why']}", rung="value", got=got,
                detail=f"got {actual!r}\nwant {want!r}")


@points(0.5)
def test_matches_scipy_on_vectors(student, rng):
    """Check a random vector and an integer vector: a float64 scalar equal to scipy.special.logsumexp."""
    x = rng.normal(0.0, 5.0, size=8)
    expect_scalar(student.logsumexp(x), lse(x), what="logsumexp(x) for a random vector x", **TOL)
    k = rng.integers(-10, 11, size=5)
    expect_scalar(student.logsumexp(k), lse(k), what="logsumexp(k) for an integer vector k", **TOL)


@points(1)
def test_matches_scipy_along_an_axis(student, rng):
    """Check 2-D input along axis -1 and 0 and 3-D input along axis 1 (the axis removed), and that x is unchanged."""
    X = rng.normal(0.0, 5.0, size=(4, 6))
    got = student.logsumexp.tracking_arguments(X)
    expect_array(got, lse(X), what="logsumexp(X) for a random 4x6 matrix X", **TOL)
    expect_unchanged(got, what="logsumexp(X)")
    expect_array(student.logsumexp(X, axis=0), lse(X, axis=0), **TOL,
                 what="logsumexp(X, axis=0) for a random 4x6 matrix X")
    Y = rng.normal(0.0, 5.0, size=(2, 3, 4))
    expect_array(student.logsumexp(Y, axis=1), lse(Y, axis=1), **TOL,
                 what="logsumexp(Y, axis=1) for a random array Y of shape (2, 3, 4)")


@points(1)
def test_entries_near_1000_do_not_overflow(student, rng):
    """Check vectors near +1000 and -1000 and rows far apart: matches SciPy, with no overflow warning."""
    for centre in (1000.0, -1000.0):
        x = centre + rng.normal(0.0, 2.0, size=5)
        what = f"logsumexp(x) for a vector of entries near {centre:+g}"
        got = student.logsumexp(x)
        expect_scalar(got, lse(x), what=what, **TOL)
        expect_no_overflow_warning(got, what=what)
    X = rng.normal(0.0, 2.0, size=(4, 5))
    X += np.array([1000.0, -1000.0, 0.0, 0.0])[:, None]
    X[3] += np.where(np.arange(5) % 2 == 0, 1000.0, -1000.0)
    X = X[rng.permutation(4)]
    what = "logsumexp(X) for a 4x5 X whose rows lie near +1000, near -1000, near 0 and at both"
    got = student.logsumexp(X)
    expect_array(got, lse(X), what=what, **TOL)
    expect_no_overflow_warning(got, what=what)


@points(0.5)
def test_neg_inf_entries(student, rng):
    """Check rows that hold some -inf entries beside finite ones (the -inf terms add nothing)."""
    X = rng.normal(0.0, 5.0, size=(3, 6))
    for row in range(3):
        X[row, rng.choice(6, size=row + 2, replace=False)] = -np.inf
    X[2] += 1000.0
    expect_array(student.logsumexp(X), lse(X), **TOL,
                 what="logsumexp(X) for a 3x6 X whose rows hold some -inf entries")


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
    expect_neg_inf_where_due(got, lse(X), what=what, meaning=meaning)
    expect_no_warnings(got, what=what)
    x = np.full(int(rng.integers(2, 7)), -np.inf)
    what = "logsumexp(x) for a vector of only -inf"
    got = student.logsumexp(x)
    expect_neg_inf_where_due(got, -np.inf, what=what, meaning=meaning.split(";")[0] + ".")
    expect_no_warnings(got, what=what)
