"""Hidden checks for monkey_saddle(point) = x^3 - 3xy^2."""
import numpy as np

from autograder.checking import expect_scalar, mistake, points, tolerances


@mistake("sign_of_second_term", "This matches x^3 + 3xy^2: the monkey saddle is x^3 - 3xy^2.")
def sign_of_second_term(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 + 3 * x * y ** 2


@mistake("y_not_squared", "This matches x^3 - 3xy: the second term is 3x times y squared.")
def y_not_squared(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 - 3 * x * y


@points(0.5)
def test_matches_at_a_random_point(student, reference, rng):
    """Check that monkey_saddle matches x^3 - 3xy^2 at a random point."""
    p = rng.uniform(-2, 2, size=2)
    expect_scalar(student.monkey_saddle(p), reference.monkey_saddle(p), what="monkey_saddle(p) at a random p",
                  rtol=1e-12, atol=1e-12, why="a polynomial: rounding only")


@points(0.5)
def test_integer_points(student):
    """Check that integer tuples work: monkey_saddle((0, 0)) = 0 and monkey_saddle((2, 1)) = 2."""
    expect_scalar(student.monkey_saddle((0, 0)), 0.0, what="monkey_saddle((0, 0))", **tolerances.closed_form())
    expect_scalar(student.monkey_saddle((2, 1)), 2.0, what="monkey_saddle((2, 1))", **tolerances.closed_form())
