"""Hidden checks for monkey_saddle_hessian(point) = [[6x, -6y], [-6y, -6x]]."""
import numpy as np

from autograder.checking import expect_array, mistake, points


@mistake("off_diagonal_sign", "This matches off-diagonal entries +6y: d/dy(3x^2 - 3y^2) = -6y.")
def off_diagonal_sign(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([[6 * x, 6 * y], [6 * y, -6 * x]])


@mistake("diagonal_sign", "This matches a diagonal [-6x, 6x]: f_xx = 6x and f_yy = -6x.")
def diagonal_sign(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([[-6 * x, -6 * y], [-6 * y, 6 * x]])


@points(1)
def test_matches_at_a_random_point(student, reference, rng):
    """Check that the Hessian matches [[6x, -6y], [-6y, -6x]] at a random point."""
    p = rng.uniform(-2, 2, size=2)
    expect_array(student.monkey_saddle_hessian(p), reference.monkey_saddle_hessian(p),
                 what="monkey_saddle_hessian(p) at a random p", rtol=1e-12, atol=1e-12, why="a polynomial: rounding only")


@points(1)
def test_origin_as_an_integer_tuple(student):
    """Check that monkey_saddle_hessian((0, 0)), the lecture's own question, is the float64 zero matrix."""
    expect_array(student.monkey_saddle_hessian((0, 0)), np.zeros((2, 2)), what="monkey_saddle_hessian((0, 0))",
                 rtol=0, atol=0, why="exact")
