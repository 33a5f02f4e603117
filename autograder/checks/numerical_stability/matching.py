"""The feedback ladder with mistakes matched precisely, for the numerical_stability checks.

Why the checks wrap the library's ``expect_*`` instead of handing them a ``Returned``:

- The library names a registered mistake when it reproduces the student's answer within
  rtol >= 1e-9 and atol >= 1e-12 (``autograder/checking/mistakes.py``, ``_same``). The results of
  this assignment are often far below 1e-12 (machine epsilon 2.2e-16, sigmoid(-40) = 4.2e-18) and
  its mistakes often differ by rounding only (a plain loop against a miscompensated one, ~1e-13
  relative), so under those floors every mistake "reproduces" every answer and the first one
  registered is named. Here a mistake matches only within the tolerance of the check itself.
- The library matches by value alone, also for a warning or a modified argument, so an answer
  with the right value matches every mistake that also has the right value (the naive sigmoid has
  the right value wherever it overflows). Here a warning failure names only a mistake that gives
  the same value *and* raises such a warning on the same input (replayed with the sandbox's NumPy
  error settings); a modified argument names no mistake.

The library's ``expect_*`` still produce the ladder and its messages: they are called on the plain
value (no ``Returned``, so no matching there), and a failure is re-raised with the mistake found
here, in the library's own "Likely cause:" form.
"""
from __future__ import annotations

import copy
import dataclasses
import warnings

import numpy as np

from autograder import wire
from autograder.checking import (CheckFailure, expect_array, expect_form, expect_no_warnings, expect_scalar,
                                 expect_unchanged)

EPS = float(np.finfo(np.float64).eps)
SANDBOX_ERRSTATE = {"all": "warn", "under": "ignore"}  # what the sandbox sets before every call


# ------------------------------------------------------------------------------ mistakes
class NotApplicable(Exception):
    """Raised by a registered mistake on inputs where it is not a distinct answer (it then never matches)."""


def replay(function, args, kwargs):
    """Run a registered mistake as the sandbox runs student code: (value, warning messages), or None if it raises."""
    args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(**SANDBOX_ERRSTATE):
            try:
                value = function(*args, **kwargs)
            except Exception:
                return None
    return value, [str(w.message) for w in caught]


def _same(student, wrong, rtol: float, atol: float) -> bool:
    if isinstance(student, wire.Unsupported) or isinstance(student, (str, bytes)):
        return False
    try:
        s = np.asarray(student, dtype=np.float64)
        w = np.asarray(wrong, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if s.shape != w.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(s, w, rtol=rtol, atol=atol, equal_nan=True))


def find_mistake(got, mistakes, *, rtol: float, atol: float, warning=None, call=None) -> dict | None:
    """The first of ``mistakes`` (functions decorated with @mistake, in order) that reproduces the student's
    value within the check's own tolerance; with ``warning`` (a message fragment, or True for any) it must also
    raise such a warning. ``call`` = (args, kwargs) replaces the call recorded in ``got``."""
    args, kwargs = call if call is not None else (got.args, got.kwargs)
    for function in mistakes:
        result = replay(function, args, kwargs)
        if result is None:
            continue
        value, messages = result
        if warning is not None and not any(warning is True or warning in m for m in messages):
            continue
        if _same(got.value, value, rtol, atol):
            return function.autograder_mistake.as_record()
    return None


def with_mistake(failure: CheckFailure, found: dict | None) -> CheckFailure:
    if not found:
        return failure
    return CheckFailure(f"{failure.message}\nLikely cause: {found['explanation']}", rung=failure.rung,
                        detail=failure.detail, mistake=found)


def fail(message: str, *, rung: str, got=None, mistakes=(), rtol: float = 0.0, atol: float = 0.0, detail: str = "",
         call=None):
    """Raise a CheckFailure, naming a registered mistake that reproduces the student's value."""
    found = find_mistake(got, mistakes, rtol=rtol, atol=atol, call=call) if got is not None else None
    raise with_mistake(CheckFailure(message, rung=rung, detail=detail), found)


# ------------------------------------------------------------------------------ the ladder, matched precisely
def expect_values(got, want, *, what: str, rtol: float, atol: float, why: str, mistakes=(), scalar: bool = False,
                  call=None):
    """expect_scalar / expect_array on the student's value; a failure names a mistake matched precisely."""
    try:
        if scalar:
            return expect_scalar(got.value, want, rtol=rtol, atol=atol, why=why, what=what)
        return expect_array(got.value, want, rtol=rtol, atol=atol, why=why, what=what)
    except CheckFailure as failure:
        raise with_mistake(failure, find_mistake(got, mistakes, rtol=rtol, atol=atol, call=call)) from None


def expect_shape(got, *, shape, what: str, mistakes=(), rtol: float = 0.0, atol: float = 0.0) -> np.ndarray:
    """expect_form (type, shape, float64, finite) on the student's value, matched precisely."""
    try:
        return expect_form(got.value, shape=shape, what=what)
    except CheckFailure as failure:
        raise with_mistake(failure, find_mistake(got, mistakes, rtol=rtol, atol=atol)) from None


def expect_quiet(got, *, what: str, mistakes=(), rtol: float = 0.0, atol: float = 0.0, only: str | None = None):
    """expect_no_warnings, counting only warnings whose message contains ``only`` (all if None); a failure
    names a mistake that gives the same value and raises such a warning on the same input."""
    kept = [w for w in got.warnings if only is None or only in str(w.get("message", ""))]
    try:
        expect_no_warnings(dataclasses.replace(got, function="", warnings=kept), what=what)
    except CheckFailure as failure:
        found = find_mistake(got, mistakes, rtol=rtol, atol=atol, warning=only or True)
        raise with_mistake(failure, found) from None


def expect_arguments_unchanged(got, *, what: str):
    """expect_unchanged without naming a mistake (a modified argument is not a wrong value)."""
    expect_unchanged(dataclasses.replace(got, function=""), what=what)


def _describe(values: np.ndarray) -> str:
    parts = []
    for label, mask in (("NaN", np.isnan(values)), ("+inf", np.isposinf(values)), ("-inf", np.isneginf(values)),
                        ("finite", np.isfinite(values))):
        if mask.any():
            parts.append(f"{int(mask.sum())} {label}")
    return ", ".join(parts)


def expect_values_with_infinities(got, want, *, what: str, rtol: float, atol: float, why: str, mistakes=(),
                                  scalar: bool = False, meaning: str = ""):
    """Like expect_values, for an answer that is ±inf where ``want`` is: infinities must sit exactly where they
    belong, the finite entries must be within the tolerance. ``meaning`` says why the infinities are right."""
    want = np.asarray(want, dtype=np.float64)
    try:
        value = got.value
        if scalar:
            if isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.float64:
                value = value[()]
            if not isinstance(value, (float, np.float64)):
                expect_scalar(value, 0.0, what=what)  # the type rung and its message; it cannot pass
            actual = np.asarray(value, dtype=np.float64)
        else:
            actual = expect_form(value, shape=want.shape, finite=False, what=what)
        special = ~np.isfinite(want)
        same_special = (actual == want) | (np.isnan(actual) & np.isnan(want))
        wrong = (special & ~same_special) | (~special & ~np.isfinite(actual))
        if wrong.any():
            raise CheckFailure(
                f"{what}: {int(wrong.sum())} of {want.size} entries are wrong: expected {_describe(want[wrong])}, "
                f"got {_describe(actual[wrong])}. {meaning}".strip(),
                rung="value", detail=f"got {actual!r}\nwant {want!r}")
        finite = ~special
        if finite.any():
            expect_array(actual[finite], want[finite], rtol=rtol, atol=atol, why=why,
                         what=f"{what} (its finite entries)")
    except CheckFailure as failure:
        raise with_mistake(failure, find_mistake(got, mistakes, rtol=rtol, atol=atol)) from None
