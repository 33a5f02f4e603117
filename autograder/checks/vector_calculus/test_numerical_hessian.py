"""Hidden checks for numerical_hessian(f, point, h=1e-4): central second differences, symmetric (n, n)."""
import numpy as np

from autograder.checking import expect_array, expect_form, expect_true, expect_unchanged, mistake, points, tolerances
from autograder.checks.vector_calculus.functions import monkey, smooth3, smooth3_hessian


def _four_point(f, x, i, j, h):
    ei = np.zeros_like(x)
    ej = np.zeros_like(x)
    ei[i] = h
    ej[j] = h
    return f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)


@mistake("missing_factor_four", "This matches the 4-point formula divided by h^2 instead of 4h^2: every entry "
         "is 4 times too large.")
def missing_factor_four(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = x.size
    return np.array([[_four_point(f, x, i, j, h) / (h * h) for j in range(n)] for i in range(n)])


@mistake("first_derivative_step", "This matches differences of f itself over 2h, not second differences: a "
         "Hessian entry needs four evaluations (f(x+h e_i+h e_j) - f(x+h e_i-h e_j) - f(x-h e_i+h e_j) + "
         "f(x-h e_i-h e_j)) / (4h^2).")
def first_derivative_step(f, point, h=1e-4):
    x = np.array(point, dtype=float)
    n = x.size
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e = np.zeros_like(x)
            e[i] += h
            e[j] += h
            out[i, j] = (f(x + e) - f(x - e)) / (2 * h)
    return out


TOL = tolerances.second_difference(1e-4, f_max=10, d4_max=10)


@points(1)
def test_within_the_error_model_at_random_points(student, rng):
    """Check that the Hessian of a smooth f: R^3 -> R at random points is within the second difference's error."""
    for _ in range(2):
        p = rng.uniform(-1, 1, size=3)
        expect_array(student.numerical_hessian(smooth3, p), smooth3_hessian(p),
                     what="numerical_hessian(f, p) for a smooth f: R^3 -> R at a random p", **TOL)


@points(1)
def test_is_symmetric(student, rng):
    """Check that the numerical Hessian is symmetric up to rounding."""
    p = rng.uniform(-1, 1, size=3)
    got = student.numerical_hessian(smooth3, p)
    H = expect_form(got, shape=(3, 3), what="numerical_hessian(f, p)")
    asymmetry = float(np.max(np.abs(H - H.T)))
    expect_true(asymmetry <= TOL["atol"],
                f"numerical_hessian(f, p) should be symmetric: the largest |H[i, j] - H[j, i]| is {asymmetry:.2e}, "
                f"more than rounding allows ({TOL['atol']:.1e}). Use the same formula for (i, j) and (j, i), or "
                "compute i <= j and mirror.", got=got)


@points(0.5)
def test_monkey_saddle_origin(student):
    """Check that the Hessian of the monkey saddle at (0, 0) is zero within the error model."""
    expect_array(student.numerical_hessian(monkey, [0, 0]), np.zeros((2, 2)),
                 what="numerical_hessian(monkey_saddle, [0, 0])", **TOL)


@points(0.5)
def test_does_not_modify_point(student, rng):
    """Check that numerical_hessian leaves its point unchanged."""
    p = rng.uniform(-1, 1, size=3)
    expect_unchanged(student.numerical_hessian.tracking_arguments(smooth3, p), what="numerical_hessian(f, point)")
