"""Hidden checks for machine_epsilon(dtype=np.float64): the smallest power of two eps with 1 + eps != 1 in
`dtype`, found by halving (not read from np.finfo, np.spacing, np.nextafter or a constant), returned as a
scalar of that dtype: 2**-52 for float64, 2**-23 for float32, 2**-10 for float16.

The answers are exact powers of two, so they are compared exactly, and the type of the returned NumPy scalar
is part of the answer. Using a shortcut the notebook says "earns no points" (a lookup or a written constant)
fails every check of this exercise, not only the Forbidden policy's.
"""
import numpy as np

from autograder.checking import Forbidden, mistake, points
from autograder.checks.numerical_stability.dtypes import call_with_dtype
from autograder.checks.numerical_stability.matching import NotApplicable, fail
from autograder.checks.numerical_stability.shortcuts import constants_near, expect_no_shortcut, library_calls

EPSILON = {np.float16: np.float16(2.0 ** -10), np.float32: np.float32(2.0 ** -23), np.float64: np.float64(2.0 ** -52)}
LOOKUPS = ["np.finfo", "np.spacing", "np.nextafter", "math.ulp", "math.nextafter", "sys.float_info"]

# The policy names what the notebook announces. NotImplementedError is listed only because the runner credits
# a Forbidden policy's points to the released stub (see the report): the stub must score 0.
forbidden = Forbidden(["np.finfo", "np.spacing", "np.nextafter", "NotImplementedError"], points=0.5,
                      reason="machine_epsilon must find epsilon by halving, not read it from NumPy's floating-point "
                             "information (and must no longer raise NotImplementedError)")


@mistake("machine_epsilon_one_halving_too_many",
         "You returned the first power of two that no longer changes 1; machine epsilon is the last one that still "
         "does (twice your value): test `1 + eps/2` before halving.")
def one_halving_too_many(dtype=np.float64):
    kind = np.dtype(dtype).type
    eps = kind(1)
    while kind(1) + eps != kind(1):
        eps = eps / kind(2)
    return eps


@mistake("machine_epsilon_python_float",
         "Your loop runs in float64 whatever `dtype` is (Python floats, and NumPy float64 values, are always "
         "float64), so `dtype` is ignored: build `one = dtype(1)`, `two = dtype(2)` and halve with them, and return "
         "a scalar of that dtype.")
def python_float(dtype=np.float64):
    if np.dtype(dtype) == np.float64:
        raise NotApplicable("for float64 this differs from the answer only in type: machine_epsilon_wrong_type")
    eps = 1.0
    while 1.0 + eps / 2 != 1.0:
        eps /= 2
    return eps


@mistake("machine_epsilon_wrong_type",
         "Return the scalar in the requested dtype (`np.float32(...)` for float32, as your loop computes it), not a "
         "Python float.")
def wrong_type(dtype=np.float64):
    return float(EPSILON[np.dtype(dtype).type])


@mistake("machine_epsilon_looked_up",
         "The exercise is to find epsilon by halving; reading it from `np.finfo`, `np.spacing`, `np.nextafter` or a "
         "constant earns no points.")
def looked_up(dtype=np.float64):
    raise NotApplicable("recognised by reading the cell (expect_found_by_halving), never by value")


MISTAKES = [one_halving_too_many, python_float, wrong_type]


def expect_found_by_halving(submission):
    source = submission.cell_source("machine_epsilon")
    found = library_calls(source, LOOKUPS)
    targets = [float(v) for v in EPSILON.values()]
    found += [f"the constant {c}" for c in constants_near(source, "machine_epsilon", targets)]
    expect_no_shortcut(found, function="machine_epsilon", instead="find epsilon by halving, in the requested dtype",
                       mistake_function=looked_up)


def _type_name(value) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of {value.dtype} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    return getattr(value, "type_name", None) or type(value).__name__


def expect_epsilon(got, dtype, what: str):
    """A scalar of exactly `dtype` (a 0-d array of it is accepted) equal to 2**-p."""
    want = EPSILON[dtype]
    value = got.value
    call = ((dtype,), {})
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.dtype(dtype):
        value = value[()]
    if type(value) is not dtype:
        python_float = isinstance(value, float) and not isinstance(value, np.generic)
        hint = " A Python float is always float64." if python_float else ""
        fail(f"{what} should return a numpy.{dtype.__name__} scalar but returned {_type_name(value)}.{hint}",
             rung="type", got=got, mistakes=MISTAKES, call=call)
    if value != want:
        ratio = float(value) / float(want) if float(want) else float("nan")
        hint = f" Yours is {ratio:g} times the answer." if ratio in (0.5, 2.0, 0.25, 4.0) else ""
        fail(f"{what} is not the smallest power of two eps with 1 + eps != 1 in {dtype.__name__}.{hint}",
             rung="value", got=got, mistakes=MISTAKES, call=call, detail=f"got {value!r}, want {want!r}")


@points(0.5)
def test_float64(student, submission):
    """Check that machine_epsilon() and machine_epsilon(np.float64) return np.float64(2**-52), found by halving."""
    expect_found_by_halving(submission)
    expect_epsilon(student.machine_epsilon(), np.float64, "machine_epsilon()")
    expect_epsilon(call_with_dtype(student, "machine_epsilon", np.float64), np.float64, "machine_epsilon(np.float64)")


@points(0.5)
def test_float32(student, submission):
    """Check that machine_epsilon(np.float32) returns np.float32(2**-23), computed in float32."""
    expect_found_by_halving(submission)
    expect_epsilon(call_with_dtype(student, "machine_epsilon", np.float32), np.float32, "machine_epsilon(np.float32)")


@points(0.5)
def test_float16(student, submission):
    """Check that machine_epsilon(np.float16) returns np.float16(2**-10), computed in float16."""
    expect_found_by_halving(submission)
    expect_epsilon(call_with_dtype(student, "machine_epsilon", np.float16), np.float16, "machine_epsilon(np.float16)")
