"""Hidden checks for binary_cross_entropy_with_logits(logits, labels): the mean over all elements of
softplus(z) - y*z, labels y in [0, 1] (soft labels allowed) of the logits' shape, finite for |z| up to 1e4.

The contract asks for a finite, accurate loss, not for "no warning", so warnings are not graded here (a
softplus that warns is graded in its own cell)."""
import numpy as np

from autograder.checking import expect_scalar, expect_unchanged, mistake, points

EPS = 2.0 ** -52


def _softplus(z):
    with np.errstate(over="ignore", under="ignore"):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _arrays(logits, labels):
    return np.asarray(logits, dtype=np.float64), np.asarray(labels, dtype=np.float64)


@mistake("bce_from_probabilities",
         "sigma(z) rounds to exactly 1 for z > 36.7, so log(1 - p) = -inf: compute the loss from the logits, as "
         "`softplus(z) - y * z`.")
def from_probabilities(logits, labels):
    z, y = _arrays(logits, labels)
    p = 1 / (1 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


@mistake("bce_clipped_probabilities",
         "Clipping the probability caps the loss at about 16 for confident mistakes: use `softplus(z) - y * z`, "
         "which is exact for any logit.")
def clipped_probabilities(logits, labels):
    z, y = _arrays(logits, labels)
    p = np.clip(1 / (1 + np.exp(-z)), 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


@mistake("bce_sum_not_mean", "The loss is the mean over all elements, not the sum: use `np.mean`.")
def sum_not_mean(logits, labels):
    z, y = _arrays(logits, labels)
    return float(np.sum(_softplus(z) - y * z))


@mistake("bce_labels_swapped",
         "The logit z is the log-odds of label 1, so the loss is `softplus(z) - y * z` (y, not 1 - y).")
def labels_swapped(logits, labels):
    z, y = _arrays(logits, labels)
    return float(np.mean(_softplus(z) - (1 - y) * z))


@mistake("bce_sign_flipped",
         "log(1 - sigma(z)) = -softplus(z), so the loss per element is `softplus(z) - y * z` (softplus of +z).")
def sign_flipped(logits, labels):
    z, y = _arrays(logits, labels)
    return float(np.mean(_softplus(-z) - y * z))


def tolerance(logits) -> dict:
    """softplus(z) - y*z cancels to about eps*|z| absolute per element when y*z ~ softplus(z)."""
    scale = max(1.0, float(np.max(np.abs(logits))))
    return {"rtol": 1e-12, "atol": 8 * EPS * scale,
            "why": f"a few roundings per element, and softplus(z) - y*z can cancel to about eps*|z| absolute "
                   f"(|z| up to {scale:.3g} here): atol = 8*eps*max|z|"}


def expect_loss(student, reference, z, y, what: str, tracking: bool = False):
    """The student's loss for logits z and labels y against the reference, as a float; returns the call."""
    call = student.binary_cross_entropy_with_logits
    got = call.tracking_arguments(z, y) if tracking else call(z, y)
    expect_scalar(got, reference.binary_cross_entropy_with_logits(z, y), what=what, **tolerance(z))
    return got


@points(1)
def test_matches_on_random_logits_and_labels(student, reference, rng):
    """Check random logits (|z| <= 6) with hard and with soft labels, and that both arguments are left unchanged."""
    # |z| <= 6: even a loss computed from probabilities is accurate here; confident logits have a check of their own.
    z = rng.uniform(-6.0, 6.0, size=(4, 6))
    y = rng.integers(0, 2, size=(4, 6)).astype(np.float64)
    got = expect_loss(student, reference, z, y, "binary_cross_entropy_with_logits(z, y) for random 4x6 logits and 0/1 "
                      "labels", tracking=True)
    expect_unchanged(got, what="binary_cross_entropy_with_logits(z, y)")
    expect_loss(student, reference, z, rng.uniform(0.0, 1.0, size=(4, 6)),
                "binary_cross_entropy_with_logits(z, y) for random 4x6 logits and soft labels in [0, 1]")


@points(1.5)
def test_finite_and_exact_for_logits_up_to_1e4(student, reference, rng):
    """Check confident logits (|z| from 40 to 1e4), right and wrong, with hard and soft labels: finite and exact."""
    z = rng.uniform(40.0, 1e4, size=(3, 4)) * rng.choice([-1.0, 1.0], size=(3, 4))
    z[rng.integers(3), rng.integers(4)] = 1e4
    expect_loss(student, reference, z, rng.integers(0, 2, size=(3, 4)).astype(np.float64),
                "binary_cross_entropy_with_logits(z, y) for confident logits (|z| from 40 to 1e4) and 0/1 labels")
    expect_loss(student, reference, z, rng.uniform(0.0, 1.0, size=(3, 4)),
                "binary_cross_entropy_with_logits(z, y) for confident logits and soft labels")


@points(0.5)
def test_numbers_and_integer_labels(student, reference, rng):
    """Check a single logit with an integer label, and a vector of logits with integer labels: a float each."""
    expect_loss(student, reference, float(rng.uniform(-5.0, 5.0)), 1,
                "binary_cross_entropy_with_logits(z, 1) for one number z")
    expect_loss(student, reference, rng.uniform(-6.0, 6.0, size=5), rng.integers(0, 2, size=5),
                "binary_cross_entropy_with_logits(z, y) for a vector z and integer labels y")
