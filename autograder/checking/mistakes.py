"""The registry of common mistakes: wrong answers we recognise and can name.

A check module registers a mistake by writing the wrong implementation, with the signature of the
student's function, and the sentence a student should read:

    @mistake("forward_formula", "This matches the forward difference (f(x+h) - f(x))/h, a first-order "
             "formula; the central difference divides f(x+h) - f(x-h) by 2h.")
    def forward_formula(f, x, h=1e-5):
        return (f(x + h) - f(x)) / h

When a comparison fails, the failing call's arguments are replayed through every mistake
registered for that function (on the trusted side) and, if one reproduces the student's answer,
the feedback names it. Mistakes are matched by what they compute, never by reading student code.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import warnings

import numpy as np


@dataclasses.dataclass(frozen=True)
class Mistake:
    id: str
    explanation: str
    function: object
    target: str | None  # the student function it imitates; None = the module's exercise

    def as_record(self) -> dict:
        return {"id": self.id, "explanation": self.explanation}


def mistake(mistake_id: str, explanation: str, *, target: str | None = None):
    """Register the decorated function as a known wrong version of ``target``."""
    if not mistake_id.isidentifier():
        raise ValueError(f"mistake id {mistake_id!r} must be a snake_case identifier")

    def register(function):
        function.autograder_mistake = Mistake(mistake_id, explanation, function, target)
        return function

    return register


def collect(module, exercise: str) -> dict[str, list[Mistake]]:
    """{student function name: [Mistake, ...]} for the mistakes defined in a check module."""
    registry: dict[str, list[Mistake]] = {}
    for value in vars(module).values():
        found = getattr(value, "autograder_mistake", None)
        if isinstance(found, Mistake):
            registry.setdefault(found.target or exercise, []).append(found)
    return registry


_active: contextvars.ContextVar[dict] = contextvars.ContextVar("autograder_mistakes", default={})


@contextlib.contextmanager
def active(registry: dict[str, list[Mistake]]):
    token = _active.set(registry)
    try:
        yield
    finally:
        _active.reset(token)


def _same(student, wrong, rtol: float, atol: float) -> bool:
    if isinstance(wrong, (tuple, list)):
        return (isinstance(student, (tuple, list)) and len(student) == len(wrong)
                and all(_same(s, w, rtol, atol) for s, w in zip(student, wrong)))
    if isinstance(wrong, np.ndarray) != isinstance(student, np.ndarray) and (np.ndim(wrong) or np.ndim(student)):
        return False  # a list is not the array a mistake returns (and vice versa): type matters
    if isinstance(wrong, str) or isinstance(student, str):
        return student == wrong if isinstance(student, str) and isinstance(wrong, str) else False
    try:
        s = np.asarray(student, dtype=float)
        w = np.asarray(wrong, dtype=float)
    except (TypeError, ValueError):
        return False
    if s.shape != w.shape:
        return False
    # The check's own tolerance, with a floor for the rounding between two codings of the same
    # wrong formula: relative, and absolute only at the scale of the values (1e-16 is not 0).
    finite = np.abs(w[np.isfinite(w)]) if w.size else np.zeros(0)
    scale = float(finite.max()) if finite.size else 0.0
    return bool(np.allclose(s, w, rtol=max(rtol, 1e-9), atol=max(atol, 1e-12 * scale), equal_nan=True))


def match(returned, rtol: float = 1e-7, atol: float = 0.0, value=None, rung: str = "value", want=None):
    """The first registered mistake that reproduces the student's answer to this call, or None.

    On a "warning" failure a mistake must also warn to match; a "mutation" failure is about what
    happened to the arguments, which no mistake's return value can show, so nothing matches. A
    mistake whose answer here equals the right one (``want``) cannot explain the failure.
    """
    if returned is None or rung == "mutation":
        return None
    student_value = returned.value if value is None else value
    found = []
    for candidate in _active.get().get(returned.function, []):
        try:
            with warnings.catch_warnings(record=True) as raised, np.errstate(all="warn", under="ignore"):
                warnings.simplefilter("always")
                wrong = candidate.function(*returned.args, **returned.kwargs)
        except Exception:  # a mistake that does not apply to these inputs does not match
            continue
        if rung == "warning" and not raised:
            continue
        index = getattr(returned, "index", None)  # one item of a returned tuple (expect_tuple)
        if index is not None:
            if not isinstance(wrong, (tuple, list)) or len(wrong) <= index:
                continue
            wrong = wrong[index]
        if want is not None and _passes(wrong, want, rtol, atol):
            continue  # this mistake would have passed the check: it cannot explain the failure
        if _same(student_value, wrong, rtol, atol):
            found.append((_distance(student_value, wrong, rtol, atol), len(found), candidate))
    # Several mistakes may reproduce the answer: name the closest one (in units of the tolerance).
    return min(found)[2].as_record() if found else None


def _passes(wrong, want, rtol: float, atol: float) -> bool:
    """Would this mistake's answer pass the check exactly as the check is written?"""
    try:
        w, r = np.asarray(wrong, dtype=float), np.asarray(want, dtype=float)
    except (TypeError, ValueError):
        return isinstance(wrong, str) and wrong == want
    return w.shape == r.shape and bool(np.allclose(w, r, rtol=rtol, atol=atol, equal_nan=True))


def _distance(student, wrong, rtol: float, atol: float) -> float:
    try:
        s, w = np.asarray(student, dtype=float), np.asarray(wrong, dtype=float)
        with np.errstate(all="ignore"):
            gap = np.abs(s - w) / (atol + rtol * np.abs(w) + 1e-300)
        gap = gap[np.isfinite(gap)]
        return float(gap.max()) if gap.size else 0.0
    except (TypeError, ValueError):
        return 0.0
