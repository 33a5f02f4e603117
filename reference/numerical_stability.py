"""Reference solutions for the `numerical_stability` assignment (EXERCISES.md section 2).

This module is the single source of truth for expected values: the hidden checks compare the
student's functions with these, and the notebook's solution cells are copies of these bodies.
It imports NumPy and the standard library only.

Conventions shared by every function (the contract's common rules):
- integer inputs (Python ints, integer arrays, lists of numbers) give float64 results;
- no function modifies its arguments (inputs are read, never written);
- where the contract says "no warning", the function raises none with NumPy's default error
  settings, and none either under ``np.seterr(all="raise")``: an exponential that underflows to
  0 is the correct answer in these formulas, so those computations run under
  ``np.errstate(under="ignore")`` (NumPy ignores underflow by default; this only makes it
  explicit).
- the solution cells avoid the words the static checks look for (the floating-point info
  functions in `machine_epsilon`, library summation calls in `kahan_sum`), in code and text.
"""
import math

import numpy as np

__all__ = [
    "machine_epsilon",
    "stable_softmax",
    "logsumexp",
    "stable_sigmoid",
    "softplus",
    "binary_cross_entropy_with_logits",
    "safe_log",
    "kahan_sum",
]


def machine_epsilon(dtype=np.float64):
    """Machine epsilon of a floating-point type, found by halving.

    Returns the smallest power of two eps with 1 + eps != 1 when the addition is done in
    `dtype` (np.float16, np.float32 or np.float64). It starts from eps = 1 and halves while
    1 + eps/2 still differs from 1, every operation in `dtype`; it is not read from NumPy's
    floating-point information functions or written as a constant.

    Returns a scalar of that dtype: np.float64(2.220446049250313e-16) = 2**-52,
    np.float32(1.1920929e-07) = 2**-23, np.float16(0.000977) = 2**-10.
    """
    ftype = np.dtype(dtype).type
    one = ftype(1)
    two = ftype(2)
    eps = ftype(1)
    while one + eps / two != one:
        eps = eps / two
    return eps


def stable_softmax(x, axis=-1):
    """Softmax along `axis`, computed stably by subtracting the maximum first.

    softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m) with m = max_j x_j along `axis`; the shift
    does not change the result but makes every exponent <= 0, so logits like 1000 cause no
    overflow and no warning. Entries equal to -inf get probability exactly 0 (a slice that is
    all -inf is not a valid input). Works for 1-D and n-D input.

    Returns a new float64 ndarray of the shape of `x`; every slice along `axis` sums to 1.
    """
    x = np.asarray(x, dtype=np.float64)
    shifted = x - np.max(x, axis=axis, keepdims=True)  # <= 0 everywhere; -inf stays -inf
    with np.errstate(under="ignore"):  # exp of a very negative number is 0, as it should be
        e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def logsumexp(x, axis=-1):
    """log(sum(exp(x))) along `axis`, computed stably; matches scipy.special.logsumexp.

    logsumexp(x) = m + log(sum_j exp(x_j - m)) with m = max_j x_j along `axis`, so nothing
    overflows for large entries. A slice of all -inf gives -inf with no warning: where the
    maximum is not finite it is replaced by 0 before subtracting (so -inf - (-inf) = nan never
    happens), and log(0) = -inf is the intended result there. A slice holding +inf gives +inf,
    and NaN propagates, as in SciPy.

    Returns float64 with `axis` removed: a np.float64 scalar for 1-D input, an ndarray of shape
    x.shape without `axis` for n-D input.
    """
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    # divide: log(0) = -inf for an all -inf slice; over: only possible when the slice holds
    # +inf (then m was replaced by 0 and the answer is +inf anyway); under: exp(-big) = 0.
    with np.errstate(divide="ignore", over="ignore", under="ignore"):
        s = np.sum(np.exp(x - m), axis=axis)
        return np.log(s) + np.squeeze(m, axis=axis)


def stable_sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), elementwise, with no overflow and no warning.

    Two algebraically equal branches, each exponentiating only a number <= 0:
    z >= 0: 1 / (1 + exp(-z));   z < 0: exp(z) / (1 + exp(z)).
    With e = exp(-|z|) these are 1/(1 + e) and e/(1 + e). No overflow or warning for |z| up to
    1e4 and beyond, small relative error also for very negative z (where sigmoid(z) ~ exp(z)),
    exactly 0.5 at z = 0.

    Returns np.float64 for a scalar, a new float64 ndarray of the same shape for an array.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
        out = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out[()]  # 0-d -> np.float64 scalar; n-d -> the array itself


def softplus(z):
    """Softplus log(1 + exp(z)), elementwise, stable for large |z|.

    Computed as max(z, 0) + log1p(exp(-|z|)): the exponent is never positive, so there is no
    overflow; for large z the result is ~ z, and for very negative z it is ~ exp(z) with small
    relative error (log1p keeps the tiny term that log(1 + tiny) would round away).

    Returns np.float64 for a scalar, a new float64 ndarray of the same shape for an array.
    """
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def binary_cross_entropy_with_logits(logits, labels):
    """Mean binary cross-entropy computed from logits z (not probabilities).

    Labels y lie in [0, 1] (soft labels allowed) and have the shape of the logits. Per element
    the loss -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))] simplifies to softplus(z) - y*z,
    which is finite for |z| up to 1e4 (no log(0)). Returns the mean over all elements as a
    Python float.
    """
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    with np.errstate(under="ignore"):
        return float(np.mean(softplus(z) - y * z))


def safe_log(x, eps=1e-10):
    """log(max(x, eps)), elementwise: a logarithm that never returns -inf or NaN for x <= 0.

    Entries below `eps` (zero and negative ones included) are raised to `eps` before the log,
    so log(0) becomes log(eps) (about -23.03 for the default eps = 1e-10).

    Returns np.float64 for a scalar, a new float64 ndarray of the same shape for an array.
    """
    x = np.asarray(x, dtype=np.float64)
    return np.log(np.maximum(x, eps))


def kahan_sum(values):
    """Compensated summation of a 1-D sequence of numbers, in a Python loop; returns a float.

    This is Neumaier's variant of Kahan summation: a running compensation c collects the
    low-order bits that each addition total + v rounds away, taken from whichever of the two
    operands is smaller in magnitude, and is added back once at the end. Unlike Kahan's
    original it stays exact when a term is larger than the running total, e.g.
    [1e16, 1.0, -1e16] gives 1.0 (a plain loop and Kahan's original both give 0.0).
    No library summation routine is used. An empty sequence gives 0.0; if the plain total is
    inf or NaN, that total is returned (the compensation is then meaningless).
    """
    total = 0.0
    c = 0.0
    for v in values:
        v = float(v)
        t = total + v
        if abs(total) >= abs(v):
            c += (total - t) + v  # the low-order bits of v that were lost
        else:
            c += (v - t) + total  # the low-order bits of total that were lost
        total = t
    if math.isfinite(c):
        return total + c
    return total
