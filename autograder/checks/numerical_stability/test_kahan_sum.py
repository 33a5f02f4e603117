"""Hidden checks for kahan_sum(values): compensated summation (Kahan's original or Neumaier's variant) of a 1-D
sequence in a Python loop, not sum / np.sum / math.fsum; returns a float (0.0 for an empty sequence).

Both variants are allowed, so no input here separates them (no single term larger than the running total, like
[1e16, 1.0, -1e16]); every sequence is one on which both are exact to a few eps while a plain float64 loop is
visibly off. The inputs are drawn at random from adversarial families and redrawn until the registered mistakes
are clearly wrong on them (and distinct from each other), so every student's inputs expose them.

A plain loop is off by n*eps relative at most when nothing cancels, far below the 1e-9 within which the library
matches a mistake, so on the first two families a plain loop fails without being named. The third family lets
the total climb to about 2**60 and cancel back to a small one: there a plain loop is off by about 1e-5 relative
and the mistake is named. Calling a built-in or library summation routine voids the exercise (the notebook says
it earns no points).
"""
import math

import numpy as np

from autograder.checking import Forbidden, expect_scalar, expect_unchanged, mistake, points

EPS = 2.0 ** -52
TOL = {"rtol": 4 * EPS, "atol": 0.0,
       "why": "compensated summation is accurate to about 2*eps relative on these sums (Kahan's bound "
              "(2*eps + O(n*eps^2))*sum|x_i|, and exact for integers below 2**52); a plain loop is off by hundreds "
              "of eps or more here"}

forbidden = Forbidden(["sum", ".sum", "np.sum", "np.nansum", ".nansum", "np.cumsum", ".cumsum", "np.add.reduce",
                       "np.add.accumulate", "math.fsum"], points=0.5, voids=True,
                      reason="kahan_sum must add the values in its own compensated loop, not with a built-in or "
                             "library summation routine")


@mistake("kahan_plain_loop",
         "Your total is exactly what a plain loop (total += v) gives: no compensation reached the result. Keep the "
         "low-order bits each addition rounds away: t = total + y; c = (t - total) - y, evaluated in that order "
         "(t - (total + y) is always 0); then subtract c from the next term (y = v - c, Kahan), or collect the lost "
         "parts and return total + c at the end (Neumaier).")
def plain_loop(values):
    total = 0.0
    for v in values:
        total += float(v)
    return total


@mistake("kahan_compensation_sign",
         "With c = (t - total) - y, c is minus the lost part: subtract it from the next term (`y = v - c`), don't "
         "add it.")
def compensation_sign(values):
    total = c = 0.0
    for v in values:
        y = float(v) + c
        t = total + y
        c = (t - total) - y
        total = t
    return total


MISTAKES = [plain_loop, compensation_sign]


def _kahan(values):
    total = c = 0.0
    for v in values:
        y = float(v) - c
        t = total + y
        c = (t - total) - y
        total = t
    return total


def _neumaier(values):
    total = c = 0.0
    for v in values:
        v = float(v)
        t = total + v
        c += (total - t) + v if abs(total) >= abs(v) else (v - t) + total
        total = t
    return total + c


def adversarial(rng, draw, separation: float, attempts: int = 200):
    """A sequence from ``draw(rng)`` on which Kahan's and Neumaier's sums are within 2 eps of the exact sum and
    every registered mistake is at least ``separation`` (relative) away from it and from the others."""
    for _ in range(attempts):
        values = draw(rng)
        exact = math.fsum(values)
        if exact == 0 or any(abs(f(values) - exact) > 2 * EPS * abs(exact) for f in (_kahan, _neumaier)):
            continue
        answers = [exact] + [f(values) for f in MISTAKES]
        if all(abs(a - b) >= separation * abs(exact) for i, a in enumerate(answers) for b in answers[i + 1:]):
            return values, exact
    raise RuntimeError(f"no adversarial sequence in {attempts} draws")  # a check error: the family must be fixed


def small_terms_after_a_large_one(rng):
    big = float(rng.uniform(1.0, 2.0) * 2.0 ** int(rng.integers(-3, 4)) * rng.choice([-1.0, 1.0]))
    small = rng.uniform(0.1, 0.45, size=10_000) * math.ulp(big) * math.copysign(1.0, big)
    return [big] + small.tolist()  # each small term is below half an ulp of the total: a plain loop drops it


def one_term_many_times(rng):
    return np.full(50_000, rng.uniform(0.05, 0.5))


def large_terms_that_cancel(rng):
    """400 integers from 2**50 to 2**52 (the total climbs to about 2**60), 100 small integers, then the 400 large
    ones again with the opposite sign in another order. Every term and every compensation is an integer below
    2**53, so both variants are exact; a plain loop rounds each addition near 2**60 to a multiple of 128."""
    up = rng.integers(2 ** 50, 2 ** 52, size=400)
    small = rng.integers(1, 2 ** 20, size=100)
    return np.concatenate([up, small, -rng.permutation(up)]).astype(np.float64).tolist()


@points(1)
def test_keeps_small_terms_beside_a_large_one(student, rng):
    """Check one large term followed by 10,000 terms each below half its ulp (a list): a plain loop loses them all."""
    values, exact = adversarial(rng, small_terms_after_a_large_one, separation=16 * EPS)
    expect_scalar(student.kahan_sum(values), exact, **TOL,
                  what="kahan_sum(values) for a list of one large number followed by 10,000 tiny ones")


@points(1)
def test_rounding_errors_that_pile_up(student, rng):
    """Check large terms that climb to about 2**60 and cancel (a list), and 50,000 copies of one number (an array)."""
    values, exact = adversarial(rng, large_terms_that_cancel, separation=1e-7)
    expect_scalar(student.kahan_sum(values), exact, **TOL,
                  what="kahan_sum(values) for a list of 900 whole numbers whose total climbs to 2**60 and falls back")
    values, exact = adversarial(rng, one_term_many_times, separation=16 * EPS)
    got = student.kahan_sum.tracking_arguments(values)
    expect_scalar(got, exact, **TOL, what="kahan_sum(values) for an array of 50,000 copies of one number")
    expect_unchanged(got, what="kahan_sum(values)")


@points(0.5)
def test_empty_integer_and_tuple_input(student, rng):
    """Check that an empty list gives 0.0, a list of integers their sum as a float, and a tuple of floats its sum."""
    expect_scalar(student.kahan_sum([]), 0.0, rtol=0.0, atol=0.0, why="the empty sum is exactly 0",
                  what="kahan_sum([])")
    k = rng.integers(-1000, 1001, size=12)
    expect_scalar(student.kahan_sum(k.tolist()), float(k.sum()), rtol=0.0, atol=0.0,
                  why="small integers add exactly in floating point", what="kahan_sum(k) for a list of integers k")
    t = rng.integers(-8000, 8001, size=20) / 8.0  # eighths add exactly: any loop gets them right
    expect_scalar(student.kahan_sum(tuple(t.tolist())), math.fsum(t), rtol=0.0, atol=0.0,
                  why="multiples of 1/8 this small add exactly in floating point",
                  what="kahan_sum(t) for a tuple of 20 floats t")
