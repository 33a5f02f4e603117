"""Hidden checks for kahan_sum(values): compensated summation (Kahan's original or Neumaier's variant) of a 1-D
sequence in a Python loop, not sum / np.sum / math.fsum; returns a float (0.0 for an empty sequence).

Both variants are allowed, so no input here separates them (no term larger than the running total, like
[1e16, 1.0, -1e16]); every sequence is one on which both are exact to a few eps while a plain float64 loop is
visibly off. The inputs are drawn at random from adversarial families and redrawn until the registered
mistakes are clearly wrong on them (and distinct from each other), so every student's inputs expose them.
Calling a library summation routine earns no points (the notebook says so): it fails every check here too.
"""
import math

import numpy as np

from autograder.checking import Forbidden, mistake, points
from autograder.checks.numerical_stability.matching import EPS, expect_arguments_unchanged, expect_values
from autograder.checks.numerical_stability.shortcuts import expect_no_shortcut, library_calls

TOL = {"rtol": 4 * EPS, "atol": 0.0,
       "why": "compensated summation of terms that do not cancel is accurate to about 2*eps relative (Kahan's "
              "bound (2*eps + O(n*eps^2))*sum|x_i|); a plain loop is off by hundreds of eps here"}
MATCH = {"rtol": TOL["rtol"], "atol": TOL["atol"]}
SEPARATION = 16 * EPS  # every registered mistake is at least this far (relative) from the answer and each other

LIBRARY = ["np.sum", "np.nansum", "np.cumsum", "np.nancumsum", "np.add.reduce", "np.add.accumulate", "math.fsum"]

# The policy names the library routines the notebook announces. The builtin `sum` is not listed because the
# policy matches every use of the name, so a variable called `sum` (Wikipedia's pseudocode) would lose points:
# calls of the builtin are found by expect_own_loop. NotImplementedError is listed only because the runner
# credits a Forbidden policy's points to the released stub (see the report): the stub must score 0.
forbidden = Forbidden(["np.sum", "np.nansum", "np.add.reduce", "math.fsum", "NotImplementedError"], points=0.5,
                      reason="kahan_sum must add the values in its own compensated loop, not with a library summation "
                             "routine (and must no longer raise NotImplementedError)")


def _plain(values):
    total = 0.0
    for v in values:
        total += float(v)
    return total


@mistake("kahan_plain_loop",
         "Your total is exactly what a plain loop (total += v) gives: no compensation reached the result. Keep the "
         "low-order bits each addition rounds away: t = total + y; c = (t - total) - y, evaluated in that order "
         "(t - (total + y) is always 0); then subtract c from the next term (y = v - c, Kahan), or collect the lost "
         "parts and return total + c at the end (Neumaier).")
def plain_loop(values):
    return _plain(values)


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


@mistake("kahan_uses_library_sum",
         "The exercise is to write the compensated loop yourself: `sum`, `np.sum` and `math.fsum` earn no points "
         "here.")
def uses_library_sum(values):
    raise NotImplementedError("recognised by reading the cell (expect_own_loop), never by value")


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


def adversarial(rng, draw, attempts: int = 200):
    """A sequence from ``draw(rng)`` on which Kahan's and Neumaier's sums are within 2 eps of the exact sum and
    every registered mistake is at least SEPARATION away from it and from the others."""
    for _ in range(attempts):
        values = draw(rng)
        exact = math.fsum(values)
        if exact == 0 or any(abs(f(values) - exact) > 2 * EPS * abs(exact) for f in (_kahan, _neumaier)):
            continue
        answers = [exact] + [f(values) for f in MISTAKES]
        if all(abs(a - b) >= SEPARATION * abs(exact) for i, a in enumerate(answers) for b in answers[i + 1:]):
            return values, exact
    raise RuntimeError(f"no adversarial sequence in {attempts} draws")  # a check error: the family must be fixed


def small_terms_after_a_large_one(rng):
    big = float(rng.uniform(1.0, 2.0) * 2.0 ** int(rng.integers(-3, 4)) * rng.choice([-1.0, 1.0]))
    small = rng.uniform(0.1, 0.45, size=10_000) * math.ulp(big) * math.copysign(1.0, big)
    return [big] + small.tolist()  # each small term is below half an ulp of the total: a plain loop drops it


def one_term_many_times(rng):
    return np.full(50_000, rng.uniform(0.05, 0.5))


def expect_own_loop(submission):
    found = library_calls(submission.cell_source("kahan_sum"), LIBRARY, builtins=("sum",),
                          methods=("sum", "cumsum", "nansum", "fsum"))
    expect_no_shortcut(found, function="kahan_sum", instead="write the compensated loop yourself",
                       mistake_function=uses_library_sum)


@points(1)
def test_keeps_small_terms_beside_a_large_one(student, submission, rng):
    """Check one large term followed by 10,000 terms each below half its ulp (a list): a plain loop loses them all."""
    expect_own_loop(submission)
    values, exact = adversarial(rng, small_terms_after_a_large_one)
    expect_values(student.kahan_sum(values), exact, scalar=True, mistakes=MISTAKES, **TOL,
                  what="kahan_sum(values) for a list of one large number followed by 10,000 tiny ones")


@points(1)
def test_long_sum_of_one_repeated_term(student, submission, rng):
    """Check 50,000 copies of one number (an array): rounding errors that pile up in a plain loop; x left unchanged."""
    expect_own_loop(submission)
    values, exact = adversarial(rng, one_term_many_times)
    got = student.kahan_sum.tracking_arguments(values)
    expect_values(got, exact, scalar=True, mistakes=MISTAKES, **TOL,
                  what="kahan_sum(values) for an array of 50,000 copies of one number")
    expect_arguments_unchanged(got, what="kahan_sum(values)")


@points(0.5)
def test_empty_integer_and_tuple_input(student, submission, rng):
    """Check that an empty list gives 0.0, a list of integers their sum as a float, and a tuple of floats its sum."""
    expect_own_loop(submission)
    expect_values(student.kahan_sum([]), 0.0, scalar=True, rtol=0.0, atol=0.0, why="the empty sum is exactly 0",
                  what="kahan_sum([])", mistakes=MISTAKES)
    k = rng.integers(-1000, 1001, size=12)
    expect_values(student.kahan_sum(k.tolist()), float(k.sum()), scalar=True, rtol=0.0, atol=0.0,
                  why="small integers add exactly in floating point", what="kahan_sum(k) for a list of integers k",
                  mistakes=MISTAKES)
    t = rng.integers(-8000, 8001, size=20) / 8.0  # eighths add exactly: any loop gets them right
    expect_values(student.kahan_sum(tuple(t.tolist())), math.fsum(t), scalar=True, rtol=0.0, atol=0.0,
                  why="multiples of 1/8 this small add exactly in floating point",
                  what="kahan_sum(t) for a tuple of 20 floats t", mistakes=MISTAKES)
