"""Hidden checks for adam_update(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8) -> (param, m, v):
raw moments m, v; bias-corrected m / (1 - beta1^t), v / (1 - beta2^t) in the step; t >= 1."""
import numpy as np

from autograder.checking import expect_array, expect_tuple, expect_unchanged, mistake, points, tolerances
from autograder.checks.optimization_in_practice.naming import named_by_value


def _adam(param, grad, m, v, t, lr, beta1, beta2, eps, *, correct_m=True, correct_v=True, t_shift=0,
          eps_inside=False, square=True, return_corrected=False):
    param, g, m, v = (np.asarray(a, dtype=float) for a in (param, grad, m, v))
    m_new = beta1 * m + (1 - beta1) * g
    v_new = beta2 * v + (1 - beta2) * (g ** 2 if square else g)
    m_hat = m_new / (1 - beta1 ** (t + t_shift)) if correct_m else m_new
    v_hat = v_new / (1 - beta2 ** (t + t_shift)) if correct_v else v_new
    scale = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    param_new = param - lr * m_hat / scale
    return (param_new, m_hat, v_hat) if return_corrected else (param_new, m_new, v_new)


@mistake("adam_no_bias_correction", "This matches Adam without bias correction: divide m by (1 - beta1^t) and v by "
         "(1 - beta2^t) before the step; without it the first step is about 3 times too large (0.1/sqrt(0.001)).")
def adam_no_bias_correction(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, correct_m=False, correct_v=False)


@mistake("adam_correct_only_m", "This matches a bias correction of m only: both moments need it, "
         "v_hat = v / (1 - beta2^t) too.")
def adam_correct_only_m(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, correct_v=False)


@mistake("adam_returns_corrected_moments", "This returns the bias-corrected moments: return the raw m and v; the "
         "next call averages them again, and corrected ones would be corrected twice.")
def adam_returns_corrected_moments(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, return_corrected=True)


@mistake("adam_t_off_by_one", "This matches a correction with beta^(t + 1): t is already the step number, starting "
         "at 1, so the correction is 1 - beta^t.")
def adam_t_off_by_one(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, t_shift=1)


@mistake("adam_eps_inside_sqrt", "This matches m_hat / sqrt(v_hat + eps): eps is added after the square root, "
         "m_hat / (sqrt(v_hat) + eps).")
def adam_eps_inside_sqrt(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, eps_inside=True)


@mistake("adam_gradient_not_squared", "This matches a second moment that averages g: it averages g^2, the squared "
         "gradient.")
def adam_gradient_not_squared(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(param, grad, m, v, t, lr, beta1, beta2, eps, square=False)


# param in [-2, 2]: the subtraction param - step rounds at about eps * 2 per operation
TOL = tolerances.Tolerance(64 * tolerances.EPS, 128 * tolerances.EPS,
                           "one closed-form update: rounding only, a few ulps of param and of the moments")


def _expect_update(got, want, what):
    with named_by_value(got):
        parts = expect_tuple(got, 3, what=what)
        for name, part, wanted in zip(("param", "m", "v"), parts, want):
            expect_array(part, wanted, **TOL, what=f"the new {name} of {what}")


def _start(rng, shape=(2, 3)):
    return rng.uniform(-2, 2, size=shape), rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 3.0, size=shape)


@points(1)
def test_first_step_is_bias_corrected(student, reference, rng):
    """Check t = 1 from m = v = 0 on (2, 3) arrays: every entry moves by about lr, and m, v are the raw moments."""
    param, grad = _start(rng)
    zeros = np.zeros_like(param)
    _expect_update(student.adam_update(param, grad, zeros, zeros, 1),
                   reference.adam_update(param, grad, zeros, zeros, 1),
                   "adam_update(param, grad, zeros, zeros, t=1)")


@points(1)
def test_second_step_is_bias_corrected(student, reference, rng):
    """Check t = 2 from the raw moments of a first step, with a new gradient."""
    param, grad = _start(rng)
    zeros = np.zeros_like(param)
    param, m, v = reference.adam_update(param, grad, zeros, zeros, 1)
    grad = _start(rng)[1]
    _expect_update(student.adam_update(param, grad, m, v, 2), reference.adam_update(param, grad, m, v, 2),
                   "adam_update(param, grad, m, v, t=2) after a first step")


@points(0.75)
def test_later_step_with_given_hyperparameters(student, reference, rng):
    """Check a step at a random t in [3, 50] from random moments, with lr, beta1, beta2, eps given by keyword."""
    param, grad = _start(rng, (5,))
    m, v, t = rng.normal(size=5), rng.uniform(0.1, 2.0, size=5), int(rng.integers(3, 51))
    options = {"lr": rng.uniform(0.01, 0.1), "beta1": rng.uniform(0.7, 0.9), "beta2": rng.uniform(0.9, 0.99),
               "eps": 1e-6}
    _expect_update(student.adam_update(param, grad, m, v, t, **options),
                   reference.adam_update(param, grad, m, v, t, **options),
                   "adam_update(param, grad, m, v, t, lr=..., beta1=..., beta2=..., eps=...)")


@points(0.5)
def test_small_gradients_add_eps_after_the_square_root(student, reference, rng):
    """Check t = 1 with gradients of size 1e-6 to 1e-5, where sqrt(v_hat) + eps and sqrt(v_hat + eps) differ."""
    param = rng.uniform(-2, 2, size=5)
    grad = rng.choice([-1.0, 1.0], size=5) * rng.uniform(1e-6, 1e-5, size=5)
    zeros = np.zeros(5)
    _expect_update(student.adam_update(param, grad, zeros, zeros, 1),
                   reference.adam_update(param, grad, zeros, zeros, 1),
                   "adam_update(param, grad, zeros, zeros, t=1) with gradients of size 1e-6 to 1e-5")


@points(0.75)
def test_does_not_modify_its_arguments(student, rng):
    """Check that param, grad, m and v are unchanged after the call (the results are new arrays)."""
    param, grad = _start(rng)
    m, v = rng.normal(size=(2, 3)), rng.uniform(0.1, 2.0, size=(2, 3))
    got = student.adam_update.tracking_arguments(param, grad, m, v, 4)
    with named_by_value(got):
        expect_unchanged(got, what="adam_update(param, grad, m, v, t)")
