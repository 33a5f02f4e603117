"""Hidden checks for monkey_saddle_gradient(point) = [3x^2 - 3y^2, -6xy]."""
import numpy as np

from autograder.checking import expect_array, mistake, points


@mistake("sign_of_y_term", "This matches [3x^2 + 3y^2, -6xy]: d/dx(-3xy^2) = -3y^2.")
def sign_of_y_term(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([3 * x ** 2 + 3 * y ** 2, -6 * x * y])


@mistake("swapped_components", "This matches [-6xy, 3x^2 - 3y^2]: the first component is the x-derivative.")
def swapped_components(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([-6 * x * y, 3 * x ** 2 - 3 * y ** 2])


@points(0.5)
def test_matches_at_a_random_point(student, reference, rng):
    """Check that the gradient matches [3x^2 - 3y^2, -6xy] at a random point."""
    p = rng.uniform(-2, 2, size=2)
    expect_array(student.monkey_saddle_gradient(p), reference.monkey_saddle_gradient(p),
                 what="monkey_saddle_gradient(p) at a random p", rtol=1e-12, atol=1e-12, why="a polynomial: rounding only")


@points(0.5)
def test_integer_point_gives_float64(student):
    """Check that an integer tuple gives a float64 array of shape (2,)."""
    expect_array(student.monkey_saddle_gradient((1, 2)), [-9.0, -12.0], what="monkey_saddle_gradient((1, 2))",
                 rtol=0, atol=0, why="exact for small integers")
