"""The feedback ladder: missing/raises -> type -> shape/dtype -> finite -> value.

Each ``expect_*`` walks the rungs in order on a ``Returned`` (what a student call gave back) and
raises ``CheckFailure`` at the first one that fails, with a message for that rung. Values are
judged by their type and numbers on the trusted side (the wire format already turned them into
plain data): nothing a student returns is asked to compare itself. Tolerance reports build on
``numpy.testing.assert_allclose``; what the student reads drops the ACTUAL/DESIRED values (they
would reveal hidden inputs and reference results), the instructor's detail keeps them.
"""
from __future__ import annotations

import numpy as np

from autograder import wire
from autograder.checking import mistakes
from autograder.checking.failures import CheckFailure
from autograder.checking.student import Returned

FLOAT_SCALARS = (float, np.float64)


def _type_name(value) -> str:
    if isinstance(value, wire.Unsupported):
        return value.type_name
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of {value.dtype} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    return type(value).__name__


def _fail(message: str, rung: str, got: Returned | None, detail: str = "", rtol=1e-7, atol=0.0, value=None, want=None):
    found = mistakes.match(got, rtol, atol, value, rung, want) if got is not None else None
    if found:
        message += f"\nLikely cause: {found['explanation']}"
    raise CheckFailure(message, rung=rung, detail=detail, mistake=found)


def _unwrap(got):
    return (got.value, got) if isinstance(got, Returned) else (got, None)


def _finite(what: str, value: np.ndarray, got, rtol, atol, want=None):
    bad = ~np.isfinite(value)
    if want is not None:  # an expected infinity (logsumexp of an all -inf slice) is no fault
        expected = np.broadcast_to(np.asarray(want), value.shape) if np.shape(want) in ((), value.shape) else None
        if expected is not None:
            bad &= ~(np.isinf(value) & (value == expected))
    if bad.any():
        kinds = []
        if np.isnan(value[bad]).any():
            kinds.append(f"{int(np.isnan(value[bad]).sum())} NaN")
        if np.isinf(value[bad]).any():
            kinds.append(f"{int(np.isinf(value[bad]).sum())} infinite")
        _fail(f"{what}: the result is not finite ({', '.join(kinds)} of {value.size} entries). "
              "Look for an overflow (exp of a large number), a division by zero, or log of 0.",
              "finite", got, rtol=rtol, atol=atol)


def _compare(what: str, actual: np.ndarray, desired: np.ndarray, rtol: float, atol: float, why: str, got):
    try:
        np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol, err_msg="", verbose=True)
        return
    except AssertionError as exc:
        full = str(exc)
    student_lines = []
    for line in full.strip("\n").splitlines():
        text = line.strip()
        if text.startswith(("ACTUAL:", "DESIRED:", "x:", "y:")):
            break  # numpy prints both arrays last: hidden results, instructor only
        if not text or "(ACTUAL)" in text or "(DESIRED)" in text or "mismatches are at indices" in text \
                or text.startswith(("Mismatch at index", "Mismatch at indices")):
            continue  # per-element values would reveal the hidden inputs' results
        student_lines.append(text)
    bad = ~np.isclose(actual, desired, rtol=rtol, atol=atol)
    where = [tuple(int(i) for i in idx) for idx in np.argwhere(bad)[:5]] if actual.ndim else []
    message = f"{what}: not within tolerance.\n" + "\n".join(student_lines)
    if why:
        message += f"\nWhy this tolerance: {why}"
    if where:
        more = " …" if int(bad.sum()) > len(where) else ""
        message += "\nFirst mismatches at indices: " + ", ".join(str(w) for w in where) + more
    _fail(message, "value", got, detail=full, rtol=rtol, atol=atol, want=desired)


def expect_scalar(got, want, *, rtol: float = 1e-7, atol: float = 0.0, why: str = "", what: str = "") -> float:
    """A float64 scalar (float, numpy.float64 or a 0-d float64 array) close to ``want``."""
    __tracebackhide__ = True
    value, ret = _unwrap(got)
    what = what or (f"{ret.function}(...)" if ret else "the result")
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.float64:
        value = value[()]
    if not isinstance(value, FLOAT_SCALARS):
        hint = ""
        if isinstance(value, (list, tuple, np.ndarray)):
            hint = " Return a single number, not a collection."
        elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            hint = " Compute in floating point (float(...)), not with integers."
        elif isinstance(value, np.floating):
            hint = f" It is {value.dtype}; compute in float64."
        _fail(f"{what} should return a float (float64) but returned {_type_name(value)}.{hint}", "type", ret, rtol=rtol, atol=atol, want=want)
    value = np.float64(value)
    _finite(what, np.asarray(value), ret, rtol, atol, want)
    _compare(what, np.asarray(value), np.asarray(want, dtype=np.float64), rtol, atol, why, ret)
    return float(value)


def expect_array(got, want, *, rtol: float = 1e-7, atol: float = 0.0, why: str = "", what: str = "",
                 dtype=np.float64) -> np.ndarray:
    """A numpy.ndarray of ``dtype`` with exactly ``want``'s shape (no broadcasting), close to it."""
    __tracebackhide__ = True
    value, ret = _unwrap(got)
    want = np.asarray(want, dtype=dtype)
    what = what or (f"{ret.function}(...)" if ret else "the result")
    if want.shape == () and isinstance(value, FLOAT_SCALARS):
        value = np.asarray(value)
    if not isinstance(value, np.ndarray):
        hint = " Convert it with np.asarray(..., dtype=float)." if isinstance(value, (list, tuple)) else ""
        _fail(f"{what} should return a numpy.ndarray of shape {want.shape} but returned {_type_name(value)}.{hint}",
              "type", ret, rtol=rtol, atol=atol, want=want)
    if value.shape != want.shape:
        broadcast = ""
        try:
            np.broadcast_shapes(value.shape, want.shape)
            broadcast = " (it would broadcast, but the shape must match exactly)"
        except ValueError:
            pass
        _fail(f"{what} should have shape {want.shape} but has shape {value.shape}{broadcast}.", "shape", ret,
              rtol=rtol, atol=atol, want=want)
    if value.dtype != np.dtype(dtype):
        hint = " Complex numbers appeared: check square roots or logs of negative numbers." if value.dtype.kind == "c" else ""
        _fail(f"{what} should have dtype {np.dtype(dtype).name} but has dtype {value.dtype}.{hint}", "dtype", ret,
              rtol=rtol, atol=atol, want=want)
    if value.dtype.kind in "fc":
        _finite(what, value, ret, rtol, atol, want)
        _compare(what, value, want, rtol, atol, why, ret)
    elif not np.array_equal(value, want):
        _fail(f"{what}: {int((value != want).sum())} of {value.size} entries differ from the expected values.",
              "value", ret, detail=f"got {value!r}\nwant {want!r}", want=want)
    return value


def expect_form(got, *, shape: tuple | None = None, ndim: int | None = None, dtype=np.float64,
                finite: bool = True, what: str = "") -> np.ndarray:
    """The type, shape/dtype and finite rungs only: an ndarray to measure a property on."""
    __tracebackhide__ = True
    value, ret = _unwrap(got)
    what = what or (f"{ret.function}(...)" if ret else "the result")
    if not isinstance(value, np.ndarray):
        _fail(f"{what} should be a numpy.ndarray but is {_type_name(value)}.", "type", ret)
    if (shape is not None and value.shape != tuple(shape)) or (ndim is not None and value.ndim != ndim):
        wanted = f"shape {tuple(shape)}" if shape is not None else f"{ndim} dimension(s)"
        _fail(f"{what} should have {wanted} but has shape {value.shape}.", "shape", ret)
    if value.dtype != np.dtype(dtype):
        _fail(f"{what} should have dtype {np.dtype(dtype).name} but has dtype {value.dtype}.", "dtype", ret)
    if finite and value.dtype.kind in "fc":
        _finite(what, value, ret, 1e-7, 0.0)
    return value


def expect_tuple(got, length: int, *, what: str = "") -> list:
    """A tuple of ``length`` items; returns each item as a Returned with the same provenance."""
    __tracebackhide__ = True
    value, ret = _unwrap(got)
    what = what or (f"{ret.function}(...)" if ret else "the result")
    if not isinstance(value, tuple):
        _fail(f"{what} should return a tuple of {length} items but returned {_type_name(value)}.", "type", ret)
    if len(value) != length:
        _fail(f"{what} should return a tuple of {length} items but returned {len(value)}.", "shape", ret)
    if ret is None:
        return list(value)
    return [_Part(ret, index, item) for index, item in enumerate(value)]


class _Part(Returned):
    """One item of a returned tuple, still tied to the call (mistakes compare the same item)."""

    def __init__(self, parent: Returned, index: int, item):
        super().__init__(**{**parent.__dict__, "value": item})
        self.index = index


def expect_equal(got, want, *, what: str = "", types: tuple = ()) -> object:
    """An exact answer (a string, a bool, an integer count)."""
    __tracebackhide__ = True
    value, ret = _unwrap(got)
    what = what or (f"{ret.function}(...)" if ret else "the result")
    if types and not isinstance(value, types):
        _fail(f"{what} should return {' or '.join(t.__name__ for t in types)} but returned {_type_name(value)}.", "type", ret)
    if type(value) is not type(want) and not (types and isinstance(value, types)):
        _fail(f"{what} should return {type(want).__name__} but returned {_type_name(value)}.", "type", ret)
    if value != want:
        _fail(f"{what} is not the expected answer.", "value", ret, detail=f"got {value!r}, want {want!r}")
    return value


def expect_true(condition: bool, message: str, *, rung: str = "property", got: Returned | None = None, detail: str = ""):
    """A property of the answer (order of convergence, symmetry, a sum of 1)."""
    __tracebackhide__ = True
    if not condition:
        _fail(message, rung, got, detail=detail)


def expect_no_warnings(got: Returned, *, what: str = ""):
    """No warning was raised in the student's code during the call (the contract says "no warning")."""
    __tracebackhide__ = True
    what = what or f"{got.function}(...)"
    if got.warnings:
        first = got.warnings[0]
        _fail(f"{what} raised {len(got.warnings)} warning(s), e.g. {first['category']}: {first['message']}. "
              "The stable formulation raises none.", "warning", got)


def expect_raises(exception: str, function, *args, **kwargs):
    """The student's function raises exactly ``exception`` (by name) for these arguments."""
    __tracebackhide__ = True
    answer = function.raw(*args, **kwargs)
    name = function._name
    status = answer.get("status")
    if status == "missing":
        raise CheckFailure(f"{name} is not defined.", rung="missing")
    if status != "raised":
        raise CheckFailure(f"{name} should raise {exception} here but returned normally.", rung="raises")
    error = answer.get("error") or {}
    if error.get("ename") != exception:
        raise CheckFailure(f"{name} should raise {exception} here but raised {error.get('ename')}: "
                           f"{str(error.get('evalue'))[:200]}.", rung="raises")


def _changed(before, after, path: str) -> str | None:
    """Where ``after`` differs from ``before`` (arrays compared exactly, lists and dicts item by item)."""
    if isinstance(before, np.ndarray):
        same = isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before, equal_nan=True)
        return None if same else path
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(after) != len(before):
            return path
        return next((p for i, (b, a) in enumerate(zip(before, after)) if (p := _changed(b, a, f"{path}, item {i + 1}"))), None)
    if isinstance(before, dict):
        return next((p for k in before if (p := _changed(before[k], (after or {}).get(k), f"{path}, key {k!r}"))), None)
    return None


def expect_unchanged(got: Returned, *, what: str = ""):
    """The call left its arguments exactly as they were ("no function modifies its arguments"),
    arrays inside lists and dicts included."""
    __tracebackhide__ = True
    what = what or f"{got.function}(...)"
    if got.args_after is None:
        raise RuntimeError("expect_unchanged needs a call made with .tracking_arguments(...)")
    for position, (before, after) in enumerate(zip(got.args, got.args_after)):
        where = _changed(before, after, f"argument number {position + 1}")
        if where:
            _fail(f"{what} modified its {where} in place. Work on a copy "
                  "(e.g. x = np.array(x, dtype=float)) or build a new array.", "mutation", got)
