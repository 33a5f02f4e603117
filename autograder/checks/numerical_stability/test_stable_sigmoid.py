"""Hidden checks for stable_sigmoid(z): 1/(1 + e^(-z)) elementwise, with no overflow and no warning for |z| up to
1e4, small relative error also for very negative z (where sigmoid(z) ~ e^z), exactly 0.5 at 0.

The two faults are measured apart: for |z| >= 710 sigmoid(z) is 0 or 1 to within 1e-300, which the naive
1/(1 + exp(-z)) gets right while it overflows, so that check is about warnings; for z in [-700, -30] nothing
overflows, so that check is about relative accuracy (1 - sigmoid(-z) cancels to 0 there)."""
import numpy as np

from autograder.checking import expect_array, expect_no_warnings, expect_scalar, expect_unchanged, mistake, points

TOL = {"rtol": 1e-12, "atol": 1e-300,
       "why": "one exp and two roundings per branch give a few eps relative error, also where sigmoid(z) ~ e^z is "
              "tiny; atol=1e-300 only forgives results below the normal range"}


@mistake("sigmoid_naive",
         "`exp(-z)` overflows for very negative z: use the branch `exp(z) / (1 + exp(z))` there, so that only "
         "non-positive numbers are exponentiated.")
def naive(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=np.float64)))


@mistake("sigmoid_where_evaluates_both_branches",
         "`np.where` evaluates both branches on every element, so the unused one still overflows: compute "
         "`e = np.exp(-np.abs(z))` once and build both branches from it.")
def where_evaluates_both_branches(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


@mistake("sigmoid_one_minus_for_negative",
         "`1 - sigma(|z|)` cancels catastrophically once sigma(|z|) rounds to 1: compute the negative branch as "
         "`e / (1 + e)` with `e = exp(z)`.")
def one_minus_for_negative(z):
    z = np.asarray(z, dtype=np.float64)
    p = 1 / (1 + np.exp(-np.abs(z)))
    return np.where(z >= 0, p, 1 - p)


@mistake("sigmoid_clipped_input",
         "Clipping z changes the answer for very negative z, where sigma(z) is about exp(z): use the two-branch "
         "formula instead, which needs no clipping.")
def clipped_input(z):
    z = np.clip(np.asarray(z, dtype=np.float64), -500, 500)
    return 1 / (1 + np.exp(-z))


@points(0.5)
def test_exactly_half_at_zero_and_scalar_input(student, reference, rng):
    """Check that stable_sigmoid(0) and stable_sigmoid(0.0) are exactly 0.5 and a random number gives a float."""
    for zero in (0, 0.0):
        expect_scalar(student.stable_sigmoid(zero), 0.5, what=f"stable_sigmoid({zero!r})", rtol=0.0,
                      atol=0.0, why="1/(1 + e^0) = 1/2 exactly in floating point")
    z = float(rng.uniform(-5.0, 5.0))
    expect_scalar(student.stable_sigmoid(z), reference.stable_sigmoid(z), **TOL,
                  what="stable_sigmoid(z) for a random number z")


@points(0.5)
def test_matches_sigmoid_on_arrays(student, reference, rng):
    """Check a random 3x5 array and an integer array elementwise (|z| <= 8), and that z is left unchanged."""
    # |z| <= 8 keeps sigma(z) >= 3e-4: every reasonable formula is accurate here; the tails have checks of their own.
    Z = rng.uniform(-8.0, 8.0, size=(3, 5))
    got = student.stable_sigmoid.tracking_arguments(Z)
    expect_array(got, reference.stable_sigmoid(Z), **TOL,
                 what="stable_sigmoid(Z) for a random 3x5 array Z")
    expect_unchanged(got, what="stable_sigmoid(Z)")
    K = rng.integers(-8, 9, size=6)
    expect_array(student.stable_sigmoid(K), reference.stable_sigmoid(K), **TOL,
                 what="stable_sigmoid(K) for an integer vector K")


@points(1)
def test_no_overflow_or_warning_for_magnitudes_up_to_1e4(student, reference, rng):
    """Check z from 710 to 1e4 and from -1e4 to -710 (1-D and 2-D): 1 and 0 as they should be, and no warning."""
    z = np.append(rng.uniform(710.0, 1e4, size=5), 1e4)
    what = "stable_sigmoid(z) for large positive z (710 to 1e4)"
    got = student.stable_sigmoid(z)
    expect_array(got, reference.stable_sigmoid(z), what=what, **TOL)
    expect_no_warnings(got, what=what)
    Z = rng.uniform(710.0, 1e4, size=(2, 4)) * np.where(rng.permutation(8) % 2 == 0, 1.0, -1.0).reshape(2, 4)
    Z[rng.integers(2), rng.integers(4)] = -1e4
    what = "stable_sigmoid(Z) for a 2x4 Z of large magnitudes of both signs (|z| from 710 to 1e4)"
    got = student.stable_sigmoid(Z)
    expect_array(got, reference.stable_sigmoid(Z), what=what, **TOL)
    expect_no_warnings(got, what=what)


@points(1)
def test_small_relative_error_for_very_negative_z(student, reference, rng):
    """Check z in [-700, -30], where sigmoid(z) ~ e^z is tiny: small relative error, not a cancellation to 0."""
    z = rng.permutation(np.concatenate([rng.uniform(-700.0, -500.0, size=4), rng.uniform(-500.0, -30.0, size=8)]))
    expect_array(student.stable_sigmoid(z), reference.stable_sigmoid(z), **TOL,
                 what="stable_sigmoid(z) for very negative z (-700 to -30)")
