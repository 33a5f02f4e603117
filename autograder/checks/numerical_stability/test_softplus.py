"""Hidden checks for softplus(z): log(1 + e^z) elementwise, stable for large |z|: about z for large z with no
overflow, about e^z with small relative error for very negative z.

"No overflow" is measured as no overflow warning, which also catches an overflow in a branch that np.where
throws away; other warnings are not part of this contract."""
import dataclasses

import numpy as np

from autograder.checking import expect_array, expect_no_warnings, expect_scalar, expect_unchanged, mistake, points

TOL = {"rtol": 1e-12, "atol": 1e-300,
       "why": "max(z, 0) + log1p(exp(-|z|)) has a few roundings, so a few eps relative error, also where "
              "softplus(z) ~ e^z is tiny; atol=1e-300 only forgives results below the normal range"}


# Registered before softplus_naive: for z < 0 the naive formula *is* log(1 + exp(z)), and this is its fault there.
@mistake("softplus_log_instead_of_log1p",
         "`1 + exp(z)` rounds to exactly 1 once exp(z) < 1.1e-16, and log(1) = 0: use "
         "`np.log1p(np.exp(-np.abs(z)))`, which keeps the tiny term.")
def log_instead_of_log1p(z):
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z)))


@mistake("softplus_naive",
         "`exp(z)` overflows for z above about 709: use `max(z, 0) + log1p(exp(-|z|))`, which never exponentiates a "
         "positive number.")
def naive(z):
    return np.log(1 + np.exp(np.asarray(z, dtype=np.float64)))


@mistake("softplus_where_threshold",
         "`np.where` evaluates both branches on every element, so `exp(z)` still overflows: use "
         "`np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))`.")
def where_threshold(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 30, z, np.log1p(np.exp(z)))


@mistake("softplus_relu",
         "max(z, 0) is only the limit of softplus for large |z|: add the correction `log1p(exp(-|z|))`.")
def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def expect_no_overflow_warning(got, what: str):
    """The contract is "no overflow": only overflow warnings count here."""
    overflows = [w for w in got.warnings if "overflow" in str(w.get("message", ""))]
    expect_no_warnings(dataclasses.replace(got, warnings=overflows), what=what)


@points(1)
def test_matches_softplus_on_arrays_and_numbers(student, reference, rng):
    """Check softplus(0) = log 2 as a float, a 3x5 array and an integer array (|z| <= 8), and that z is unchanged."""
    expect_scalar(student.softplus(0), reference.softplus(0), what="softplus(0)", **TOL)
    # |z| <= 8 keeps softplus(z) >= 3e-4: every reasonable formula is accurate here; the tails have checks of their own.
    Z = rng.uniform(-8.0, 8.0, size=(3, 5))
    got = student.softplus.tracking_arguments(Z)
    expect_array(got, reference.softplus(Z), what="softplus(Z) for a random 3x5 array Z", **TOL)
    expect_unchanged(got, what="softplus(Z)")
    K = rng.integers(-8, 9, size=6)
    expect_array(student.softplus(K), reference.softplus(K), what="softplus(K) for an integer vector K", **TOL)


@points(1)
def test_large_z_no_overflow(student, reference, rng):
    """Check z from 37 to 1e4: softplus(z) ~ z to full precision, with no overflow warning."""
    z = rng.permutation(np.concatenate([rng.uniform(37.0, 700.0, size=4), rng.uniform(710.0, 1e4, size=5), [1e4]]))
    what = "softplus(z) for large z (37 to 1e4)"
    got = student.softplus(z)
    expect_array(got, reference.softplus(z), what=what, **TOL)
    expect_no_overflow_warning(got, what=what)


@points(1)
def test_small_relative_error_for_very_negative_z(student, reference, rng):
    """Check z from -1e4 to -1, where softplus(z) ~ e^z is tiny: small relative error, not a rounding to 0."""
    z = rng.permutation(np.concatenate([rng.uniform(-700.0, -37.0, size=6), rng.uniform(-37.0, -1.0, size=4),
                                        [-1e4]]))
    expect_array(student.softplus(z), reference.softplus(z), what="softplus(z) for very negative z (-1e4 to -1)",
                 **TOL)
