"""Hidden checks for rmsprop_update(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8) -> (param, cache):
cache = decay * cache + (1 - decay) * g^2, then param - lr * g / (sqrt(cache) + eps) with the updated cache."""
import numpy as np

from autograder.checking import expect_array, expect_tuple, expect_unchanged, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


def _rmsprop(param, grad, cache, lr, decay, eps, *, new_cache_in_step=True, swap_decay=False, square=True,
             eps_inside=False):
    param, g, cache = (np.asarray(a, dtype=float) for a in (param, grad, cache))
    keep, add = (1 - decay, decay) if swap_decay else (decay, 1 - decay)
    cache_new = keep * cache + add * (g ** 2 if square else g)
    used = cache_new if new_cache_in_step else cache
    scale = np.sqrt(used + eps) if eps_inside else np.sqrt(used) + eps
    return param - lr * g / scale, cache_new


@mistake("rmsprop_old_cache", "This matches a step with the cache from before the update: update the cache first "
         "and use the updated cache in the step; with the old one the first step divides by about eps.")
def rmsprop_old_cache(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    return _rmsprop(param, grad, cache, lr, decay, eps, new_cache_in_step=False)


@mistake("rmsprop_swapped_decay", "This matches (1 - decay) * cache + decay * g^2: the old cache is weighted by "
         "decay and the new squared gradient by (1 - decay).")
def rmsprop_swapped_decay(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    return _rmsprop(param, grad, cache, lr, decay, eps, swap_decay=True)


@mistake("rmsprop_eps_inside_sqrt", "This matches g / sqrt(cache + eps): eps is added after the square root, "
         "g / (sqrt(cache) + eps).")
def rmsprop_eps_inside_sqrt(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    return _rmsprop(param, grad, cache, lr, decay, eps, eps_inside=True)


@mistake("rmsprop_gradient_not_squared", "This matches a cache that averages g instead of g^2: the cache averages "
         "the squared gradient; without the square it can be negative and its square root NaN.")
def rmsprop_gradient_not_squared(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    return _rmsprop(param, grad, cache, lr, decay, eps, square=False)


@mistake("rmsprop_returns_swapped", "This matches (cache, param): return (param, cache), in that order.")
def rmsprop_returns_swapped(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    return _rmsprop(param, grad, cache, lr, decay, eps)[::-1]


# param in [-2, 2]: the subtraction param - step rounds at about eps * 2 per operation
TOL = tolerances.Tolerance(64 * tolerances.EPS, 128 * tolerances.EPS,
                           "one closed-form update: rounding only, a few ulps of param and of the cache")


def _expect_update(got, want, what):
    with named_by_value(got):
        param, cache = expect_tuple(got, 2, what=what)
        expect_array(param, want[0], **TOL, what=f"the new param of {what}")
        expect_array(cache, want[1], **TOL, what=f"the new cache of {what}")


def _arrays(rng, shape=(2, 3)):
    return rng.uniform(-2, 2, size=shape), rng.normal(size=shape), rng.uniform(0.1, 2.0, size=shape)


@points(1)
def test_one_step_from_a_random_cache(student, reference, rng):
    """Check one step on (2, 3) arrays from a random positive cache, with the defaults."""
    param, grad, cache = _arrays(rng)
    _expect_update(student.rmsprop_update(param, grad, cache), reference.rmsprop_update(param, grad, cache),
                   "rmsprop_update(param, grad, cache) from a random cache")


@points(0.5)
def test_first_step_from_a_zero_cache(student, reference, rng):
    """Check the first step (cache = 0), which must use the updated cache: every entry moves by about 3.2 lr."""
    param, grad, _ = _arrays(rng, (4,))
    cache = np.zeros(4)
    _expect_update(student.rmsprop_update(param, grad, cache), reference.rmsprop_update(param, grad, cache),
                   "rmsprop_update(param, grad, zeros) (the first step)")


@points(0.5)
def test_uses_lr_decay_and_eps(student, reference, rng):
    """Check a step with lr, decay and eps given by keyword (not the defaults)."""
    param, grad, cache = _arrays(rng)
    options = {"lr": rng.uniform(0.01, 0.1), "decay": rng.uniform(0.5, 0.8), "eps": 1e-6}
    _expect_update(student.rmsprop_update(param, grad, cache, **options),
                   reference.rmsprop_update(param, grad, cache, **options),
                   "rmsprop_update(param, grad, cache, lr=..., decay=..., eps=...)")


@points(0.5)
def test_small_gradients_add_eps_after_the_square_root(student, reference, rng):
    """Check a step with gradients of size 1e-6 to 1e-5, where sqrt(cache) + eps and sqrt(cache + eps) differ."""
    param = rng.uniform(-2, 2, size=5)
    grad = rng.choice([-1.0, 1.0], size=5) * rng.uniform(1e-6, 1e-5, size=5)
    cache = np.zeros(5)
    _expect_update(student.rmsprop_update(param, grad, cache), reference.rmsprop_update(param, grad, cache),
                   "rmsprop_update(param, grad, zeros) with gradients of size 1e-6 to 1e-5")


@points(0.5)
def test_does_not_modify_its_arguments(student, rng):
    """Check that param, grad and cache are unchanged after the call (the results are new arrays)."""
    got = student.rmsprop_update.tracking_arguments(*_arrays(rng))
    with named_by_value(got):
        expect_unchanged(got, what="rmsprop_update(param, grad, cache)")
