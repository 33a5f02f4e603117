"""Reference solutions for the ``optimization_in_practice`` assignment (EXERCISES.md, section 4).

These functions are the single source of truth for expected values: the hidden checks compare
student answers against them, and the notebook's solution cells use the same formulas.
NumPy only. Every result stated as float64 is float64 for integer and list inputs too, and no
function modifies its arguments.

Schedules are elementwise in ``step`` (an int or an integer array): a scalar step gives a
``numpy.float64``, an array of steps an array of the same shape.

Module-level helpers (not graded, used by the checks and the notebook): ``cliff_loss`` and
``cliff_gradient``, a "canyon with cliff walls" on which plain gradient descent with
``CLIFF_LR`` = 0.1 diverges from ``CLIFF_X0`` = (3, 2) while ``train_with_clipping`` with the
same learning rate and ``max_norm=1`` converges (see ``cliff_loss``).
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "step_decay",
    "exponential_decay",
    "cosine_annealing",
    "warmup_cosine",
    "clip_by_value",
    "clip_by_norm",
    "clip_by_global_norm",
    "rmsprop_update",
    "adam_update",
    "train_with_clipping",
    "cliff_loss",
    "cliff_gradient",
    "CLIFF_LR",
    "CLIFF_X0",
]


# --- learning-rate schedules ----------------------------------------------------------------

def step_decay(lr0, step, drop=0.5, step_size=10):
    """Step decay lr0 * drop ** floor(step / step_size), elementwise in ``step``.

    The rate is constant for ``step_size`` steps, then multiplied by ``drop``: steps 0..9 give
    lr0, steps 10..19 give lr0 * drop, ... (defaults). ``step`` is an int or an integer array;
    the exponent is the integer floor division step // step_size. Returns float64 (a
    ``numpy.float64`` for a scalar step, an array of the step array's shape otherwise).
    """
    k = np.floor_divide(np.asarray(step), step_size)
    return np.float64(lr0) * np.power(np.float64(drop), k)


def exponential_decay(lr0, step, decay_rate=0.96, decay_steps=1):
    """Continuous exponential decay lr0 * decay_rate ** (step / decay_steps), elementwise.

    Not a staircase: step / decay_steps is a true (float) division, so the rate shrinks a
    little at every step and is multiplied by exactly ``decay_rate`` every ``decay_steps``
    steps. Returns float64 (a ``numpy.float64`` for a scalar step, an array of the step
    array's shape otherwise).
    """
    s = np.asarray(step, dtype=np.float64)
    return np.float64(lr0) * np.power(np.float64(decay_rate), s / decay_steps)


def cosine_annealing(lr0, step, total_steps, lr_min=0.0):
    """Cosine annealing from lr0 (step 0) down to lr_min (step total_steps), elementwise.

    lr_min + (lr0 - lr_min) * (1 + cos(pi * min(step, total_steps) / total_steps)) / 2, where
    the min is taken elementwise (``np.minimum``), so every step past ``total_steps`` stays at
    lr_min. total_steps >= 1. Returns float64 (a ``numpy.float64`` for a scalar step, an array
    of the step array's shape otherwise).
    """
    s = np.minimum(np.asarray(step, dtype=np.float64), total_steps)
    return lr_min + (lr0 - lr_min) * (1.0 + np.cos(np.pi * s / total_steps)) / 2.0


def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    """Linear warmup followed by cosine annealing, elementwise in ``step``.

    For step < warmup_steps: lr0 * (step + 1) / warmup_steps (so step 0 gives lr0/warmup_steps
    and step warmup_steps - 1 gives lr0); otherwise
    cosine_annealing(lr0, step - warmup_steps, total_steps - warmup_steps, lr_min), which is
    lr0 at step == warmup_steps, lr_min at step == total_steps and after it.
    0 <= warmup_steps < total_steps (warmup_steps = 0 is plain cosine annealing). Computed with
    a mask, without warnings. Returns float64 (a ``numpy.float64`` for a scalar step, an array
    of the step array's shape otherwise).
    """
    s = np.asarray(step, dtype=np.float64)
    cosine = cosine_annealing(lr0, s - warmup_steps, total_steps - warmup_steps, lr_min)
    if warmup_steps > 0:
        warm = np.float64(lr0) * (s + 1.0) / warmup_steps
        out = np.where(s < warmup_steps, warm, cosine)
    else:  # no warmup phase: do not divide by zero
        out = np.asarray(cosine, dtype=np.float64)
    return out[()]  # a numpy.float64 for a scalar step, the array otherwise


# --- gradient clipping ----------------------------------------------------------------------

def clip_by_value(grad, clip_value):
    """Clip every entry of ``grad`` to [-clip_value, clip_value].

    grad: a number or an array of any shape (ints allowed). Returns a NEW float64 array of
    grad's shape (grad is never modified). Note that this changes the gradient's direction
    when some entries are clipped and others are not. Raises ValueError if clip_value <= 0.
    """
    if not clip_value > 0:  # also rejects NaN
        raise ValueError(f"clip_value must be > 0, got {clip_value!r}")
    g = np.asarray(grad, dtype=np.float64)
    return np.clip(g, -clip_value, clip_value)  # np.clip allocates a new array


def clip_by_norm(grad, max_norm):
    """Rescale ``grad`` so its Euclidean norm is at most ``max_norm``: g * min(1, max_norm/||g||).

    ||g|| is the Euclidean norm of all entries (the Frobenius norm for a matrix). The
    direction is kept; a gradient already within the bound comes back unchanged (as a copy),
    and a zero gradient comes back unchanged with no warning (no division by zero).
    Returns a NEW float64 array of grad's shape; grad is never modified. Raises ValueError if
    max_norm <= 0.
    """
    if not max_norm > 0:  # also rejects NaN
        raise ValueError(f"max_norm must be > 0, got {max_norm!r}")
    g = np.array(grad, dtype=np.float64)  # a copy: grad itself is never touched
    norm = np.sqrt(np.sum(g * g))
    if norm <= max_norm:  # includes the zero gradient: no division by zero
        return g
    return g * (max_norm / norm)


def clip_by_global_norm(grads, max_norm):
    """Clip a list of gradient arrays together by their global norm.

    grads: a list of arrays (shapes may differ). global_norm = sqrt(sum_i ||g_i||^2), the norm
    of all entries of all arrays together. Every array is scaled by the SAME factor
    min(1, max_norm / global_norm), so the concatenated gradient keeps its direction.
    Returns (clipped_list, global_norm): a list of NEW float64 arrays with the input shapes,
    and the global norm BEFORE clipping as a Python float. All-zero gradients come back
    unchanged (copies) with global norm 0.0, no NaN and no warning. No argument is modified.
    Raises ValueError if max_norm <= 0.
    """
    if not max_norm > 0:  # also rejects NaN
        raise ValueError(f"max_norm must be > 0, got {max_norm!r}")
    arrays = [np.array(g, dtype=np.float64) for g in grads]  # copies
    global_norm = float(np.sqrt(sum(np.sum(a * a) for a in arrays)))
    if global_norm <= max_norm:  # includes all-zero gradients: no division by zero
        return arrays, global_norm
    factor = max_norm / global_norm
    return [a * factor for a in arrays], global_norm


# --- adaptive methods -----------------------------------------------------------------------

def rmsprop_update(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    """One RMSProp step.

    cache_new = decay * cache + (1 - decay) * grad**2 (elementwise), then
    param_new = param - lr * grad / (sqrt(cache_new) + eps), using the UPDATED cache.
    Returns (param_new, cache_new) as new float64 arrays of param's shape; param, grad and
    cache are not modified.
    """
    param = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    cache = np.asarray(cache, dtype=np.float64)
    cache_new = decay * cache + (1 - decay) * g ** 2
    param_new = param - lr * g / (np.sqrt(cache_new) + eps)
    return param_new, cache_new


def adam_update(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step; t >= 1 is the step number (1 on the first call).

    m_new = beta1 * m + (1 - beta1) * grad; v_new = beta2 * v + (1 - beta2) * grad**2;
    bias-corrected m_hat = m_new / (1 - beta1**t), v_hat = v_new / (1 - beta2**t);
    param_new = param - lr * m_hat / (sqrt(v_hat) + eps).
    Returns (param_new, m_new, v_new) as new float64 arrays, m_new and v_new the RAW
    (uncorrected) moments, which are what the next call needs. No argument is modified.
    At t = 1 with m = v = 0, m_hat = grad and v_hat = grad**2, so every coordinate moves by
    about lr (against the sign of its gradient).
    """
    param = np.asarray(param, dtype=np.float64)
    g = np.asarray(grad, dtype=np.float64)
    m = np.asarray(m, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    param_new = param - lr * m_hat / (np.sqrt(v_hat) + eps)
    return param_new, m_new, v_new


# --- putting it together: clipping on a cliff -----------------------------------------------

def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    """Gradient descent with clipping by norm: x <- x - lr * clip_by_norm(grad_f(x), max_norm).

    x0: a 1-D point (array, list or tuple; ints allowed), not modified. grad_f maps a 1-D
    float64 array to its gradient. Runs n_steps steps and returns the path, a float64 array of
    shape (n_steps + 1, n): row 0 is x0, row k the point after k steps. Every step moves at
    most lr * max_norm. Raises ValueError (from clip_by_norm) if max_norm <= 0 and n_steps >= 1.
    """
    x = np.array(x0, dtype=np.float64)  # a copy, 1-D
    path = np.empty((n_steps + 1, x.size), dtype=np.float64)
    path[0] = x
    for k in range(n_steps):
        x = x - lr * clip_by_norm(grad_f(x), max_norm)
        path[k + 1] = x
    return path


# The cliff: a canyon in coordinate 0 with a gentle floor (curvature 1) and steep walls
# (curvature 1 + steepness = 101) beyond |x_0| = width = 1. With lr = CLIFF_LR plain gradient
# descent is stable on the floor (lr * 1 < 2) but not on the walls (lr * 101 > 2): started on a
# wall it is thrown to the other wall, farther out each time (about 9x per step): on the wall
# x_0 <- -9.1 x_0 + 10 (mirrored for x_0 < 0), which runs away from every start with
# |x_0| > 10/8.1 = 1.235.
# cliff_loss and cliff_gradient use NumPy only and no module globals, so their source can be
# rebuilt on its own (inside the sandbox, or in the notebook's locked cell).
CLIFF_LR = 0.1
CLIFF_X0 = (3.0, 2.0)


def cliff_loss(x, steepness=100.0, width=1.0):
    """A canyon with cliff walls: 0.5*||x||^2 + (steepness/2) * max(|x_0| - width, 0)^2.

    Inside the canyon (|x_0| <= width = 1) it is the gentle bowl 0.5*||x||^2 with its minimum
    0 at the origin; beyond it the loss climbs a wall 101 times as curved (steepness = 100).
    x: a point with n >= 1 coordinates along the last axis (1-D, or a stack of points of shape
    (..., n)). Returns float64 (one value per point).

    With lr = CLIFF_LR = 0.1 from CLIFF_X0 = (3, 2), plain gradient descent
    x <- x - lr * cliff_gradient(x) bounces from wall to wall about 9 times farther each step
    (|x| > 1e6 after 6 steps, > 1e20 after 22, still finite after 40), while
    train_with_clipping(cliff_gradient, CLIFF_X0, 0.1, max_norm=1, n_steps) walks down the
    wall at most 0.1 per step and then converges to the origin on the floor (loss from 206.5
    to 0.69 after 30 steps and about 3e-7 after 100, decreasing at every step).
    """
    x = np.asarray(x, dtype=np.float64)
    over = np.maximum(np.abs(x[..., 0]) - width, 0.0)
    return 0.5 * np.sum(x * x, axis=-1) + 0.5 * steepness * over ** 2


def cliff_gradient(x, steepness=100.0, width=1.0):
    """Gradient of ``cliff_loss``: x + steepness * sign(x_0) * max(|x_0| - width, 0) * e_0.

    x: a point with n >= 1 coordinates along the last axis. Returns a NEW float64 array of x's
    shape; x is not modified. Continuous (the loss is C^1); its norm is below 1 inside the
    unit ball, so clipping with max_norm = 1 only acts on the walls and far away.
    """
    g = np.array(x, dtype=np.float64)  # gradient of 0.5*||x||^2, as a copy
    a = g[..., 0].copy()
    g[..., 0] += steepness * np.sign(a) * np.maximum(np.abs(a) - width, 0.0)
    return g
