"""What the approximation_methods checks hand to student code (each rebuilt inside the sandbox from
its source, ``@sandboxed``), the exact solutions the trusted side measures errors against, and the
small expect-helpers the check modules share (results as pairs, raising and returning normally)."""
import contextlib

import numpy as np

from autograder.checking import (CheckFailure, expect_array, expect_form, expect_raises, expect_scalar, expect_true,
                                 expect_tuple, mistakes, sandboxed)

# ------------------------------------------------------------------ fixed points g(x*) = x*
X_COS = 0.7390851332151607  # cos x = x; the rate of the iteration is |sin x*| = 0.6736...
X_EXP = 0.5671432904097838  # exp(-x) = x (the omega constant); the rate is |-exp(-x*)| = x* = 0.5671...


@sandboxed
def cosine(x):
    return np.cos(x)


@sandboxed
def exp_minus(x):
    return np.exp(-x)


# ------------------------------------------------------------------ roots f(x) = 0, with derivatives
CBRT2 = float(np.cbrt(2.0))  # the simple root of x**3 - 2
SQRT2_ITERATES = [1.0, 1.5, 1.4166666666666667, 1.4142156862745099, 1.4142135623746899, 1.4142135623730951]


@sandboxed
def square_minus_two(x):
    return x ** 2 - 2


@sandboxed
def square_minus_two_slope(x):
    return 2 * x


@sandboxed
def cube_minus_two(x):
    return np.float64(x) ** 3 - 2.0  # NumPy floats: a division by a zero difference gives inf, not an error


@sandboxed
def cube_minus_two_slope(x):
    return 3.0 * np.float64(x) ** 2


@sandboxed
def square_minus_one(x):
    return np.float64(x) ** 2 - 1.0


@sandboxed
def square_minus_one_slope(x):
    return 2.0 * np.float64(x)  # exactly 0.0 (a NumPy float) at x = 0


@sandboxed
def square_minus_four(x):
    return np.float64(x) ** 2 - 4.0  # f(-a) == f(a) exactly: a horizontal secant


@sandboxed
def square_minus_four_slope(x):
    return 2.0 * np.float64(x)


@sandboxed
def square(x):
    return np.float64(x) ** 2


@sandboxed
def square_slope(x):
    return 2.0 * np.float64(x)


@sandboxed
def cycling_cubic(x):
    return x ** 3 - 2 * x + 2  # Newton from 0 cycles 0, 1, 0, 1, ...


@sandboxed
def cycling_cubic_slope(x):
    return 3 * x ** 2 - 2


# ------------------------------------------------------------------ minimization in R^n
@sandboxed
def quartic_gradient(p):
    # f(p) = sum(p**4)/4 + p.M.p/2 - b.p with M symmetric positive definite: Hessian diag(3p^2) + M > 0
    m = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    return p ** 3 + m @ p - np.array([1.0, -2.0, 0.5])


@sandboxed
def quartic_hessian(p):
    m = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    return np.diag(3.0 * p ** 2) + m


@sandboxed
def stiff_gradient(p):
    # f(p) = p.A.p/2 with A = H diag(1, 1e-5, 1e-10) H (H a reflection): cond(A) = 1e10, minimum at 0
    h = np.eye(3) - 2.0 / 3.0 * np.ones((3, 3))
    return h @ np.diag([1.0, 1e-5, 1e-10]) @ h @ p


@sandboxed
def stiff_hessian(p):
    h = np.eye(3) - 2.0 / 3.0 * np.ones((3, 3))
    return h @ np.diag([1.0, 1e-5, 1e-10]) @ h


def stiff_start(rng) -> np.ndarray:
    """A start whose offset from the minimum lies mostly along the stiff direction (eigenvalue 1): there the
    inverse's residual is about cond(A) times a backward-stable solve's."""
    h = np.eye(3) - 2.0 / 3.0 * np.ones((3, 3))
    return h @ np.array([rng.uniform(0.5, 1) * rng.choice([-1, 1]), rng.uniform(-1, 1), rng.uniform(-1, 1)])


def backward_error(H, g, x0, x1) -> float:
    """||H s - g|| for s = x0 - x1 in units of eps*||H||*(||s|| + ||x1||) (x1 = x0 - s is rounded too): a few
    for a backward-stable solve. Either sign of s is accepted; the sign is judged by other checks."""
    s = x0 - x1
    residual = min(np.linalg.norm(H @ s - g), np.linalg.norm(H @ s + g))
    return float(residual / (np.finfo(float).eps * np.linalg.norm(H, 2) * (np.linalg.norm(s) + np.linalg.norm(x1))))


@sandboxed
def bowl_gradient(p):
    # f(p) = (x - 1)^2 + 2 (y + 2)^2, minimum exactly at (1, -2)
    return np.array([2.0 * (p[0] - 1.0), 4.0 * (p[1] + 2.0)])


@sandboxed
def bowl_hessian(p):
    return np.array([[2.0, 0.0], [0.0, 4.0]])


@sandboxed
def valley_gradient(p):
    # f(p) = (x + y)^2 / 2: a valley of minima along x + y = 0, singular Hessian everywhere
    return (p[0] + p[1]) * np.array([1.0, 1.0])


@sandboxed
def valley_hessian(p):
    return np.array([[1.0, 1.0], [1.0, 1.0]])


# ------------------------------------------------------------------ helpers for the checks
@contextlib.contextmanager
def mistakes_named_on(got, rtol: float = 1e-7, atol: float = 0.0):
    """Name a registered mistake from the whole answer ``got`` when a check of one of its parts
    fails. (Workaround: the library replays mistakes on the whole call but compares their whole
    answer with the part alone, so a part's failure never names one.)"""
    try:
        yield
    except CheckFailure as failure:
        found = None if failure.mistake else mistakes.match(got, rtol, atol)
        if found is None:
            raise
        raise CheckFailure(f"{failure.message}\nLikely cause: {found['explanation']}", rung=failure.rung,
                           detail=failure.detail, mistake=found) from None


def expect_result(got, want, *, what: str, **tolerance):
    """(x, iterates) or (x, path) close to the reference's ``want``; returns the student's pair."""
    want_x, want_sequence = want
    with mistakes_named_on(got, tolerance.get("rtol", 1e-7), tolerance.get("atol", 0.0)):
        x, sequence = expect_tuple(got, 2, what=what)
        sequence = expect_array(sequence, want_sequence, what=f"the iterates of {what}", **tolerance)
        compare = expect_scalar if np.ndim(want_x) == 0 else expect_array
        x = compare(x, want_x, what=f"the first item of {what} (the last iterate)", **tolerance)
    return x, sequence


def iterates_of(got, *, what: str, ndim: int = 1) -> np.ndarray:
    """The second item of the pair as a finite float64 array, to measure a property on. A list is
    measured too: the checks against the reference already cost its type."""
    with mistakes_named_on(got):
        _, sequence = expect_tuple(got, 2, what=what)
        try:
            value = np.asarray(sequence.value, dtype=float)
        except (TypeError, ValueError):
            value = None
        if value is None or value.ndim != ndim or not np.isfinite(value).all():
            return expect_form(sequence, ndim=ndim, what=f"the iterates of {what}")
    return value


def expect_raising(exception: str, function, *args, what: str, hint: str = "", **kwargs):
    """``function(*args)`` raises ``exception``; if it returns normally instead, the answer is
    replayed through the registered mistakes (one that returns where it should raise is named)."""
    answer = function.raw(*args, **kwargs)
    if answer.get("status") == "ok":
        expect_true(False, f"{what} should raise {exception} but returned normally. {hint}".strip(),
                    rung="raises", got=function(*args, **kwargs))
    try:
        expect_raises(exception, function, *args, **kwargs)
    except CheckFailure as failure:
        if failure.rung != "raises" or not hint:
            raise
        raise CheckFailure(f"{failure.message} {hint}", rung=failure.rung, detail=failure.detail) from None


def expect_returns(function, *args, what: str, hint: str = "", **kwargs):
    """``function(*args)`` returns normally (what it returns is judged elsewhere): the Returned."""
    try:
        return function(*args, **kwargs)
    except CheckFailure as failure:
        if failure.rung != "raised":
            raise
        raise CheckFailure(f"{what} should return normally, but {failure.message} {hint}".strip(), rung="raised",
                           detail=failure.detail) from None


# ----------------------------------------------------------------------------- answers of registered mistakes
# A root finder's mistake replays the method on the trusted side and answers as the mistaken code would;
# a mistake that would give the contract's own answer must not claim it (it raises ValueError).
NOT_THIS_MISTAKE = "the same answer as the contract's: not this mistake"


def converged_answer(iterates: list, converged: bool, *, as_list: bool = False):
    """(root, iterates) of a run that converged; RuntimeError as the contract wants when it did not."""
    if not converged:
        raise RuntimeError("not converged")
    return np.float64(iterates[-1]), (list(iterates) if as_list else np.array(iterates))


def unconverged_answer(iterates: list, converged: bool):
    """(last iterate, iterates) returned where the contract raises RuntimeError: the mistake of not testing."""
    if converged:
        raise ValueError(NOT_THIS_MISTAKE)
    return np.float64(iterates[-1]), np.array(iterates)
