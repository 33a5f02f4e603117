"""What the numerical_stability checks share: precise mistake matching, values with infinities,
static searches of a solution cell, and calling a function with a NumPy type as argument.

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

import ast
import copy
import dataclasses
import math
import warnings

import numpy as np

from autograder import wire
from autograder.checking import (CheckFailure, Forbidden, expect_array, expect_form, expect_no_warnings, expect_scalar,
                                 expect_unchanged)
from autograder.checking.policy import violations

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
        wrong = (special & ~((actual == want) | (np.isnan(actual) & np.isnan(want)))) | (~special & ~np.isfinite(actual))
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


# ------------------------------------------------------------------------------ reading the solution cell
_MODULES = {"np": "numpy", "numpy": "numpy", "math": "math", "sys": "sys"}


def _bound_names(tree) -> set:
    """Names the cell binds (assignments, loop targets, arguments, defs, imports): such a name is not the builtin."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return bound


def _module_aliases(tree) -> set:
    aliases = set(_MODULES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases.update((a.asname or a.name.split(".")[0]) for a in node.names)
    return aliases


def library_calls(source: str, names, builtins=(), methods=()) -> list[str]:
    """Uses of ``names`` (dotted, resolved through imports like the Forbidden policy), calls of the builtins
    ``builtins`` that the cell does not shadow (a variable called ``sum`` is not a call of ``sum``), and calls of
    the methods ``methods`` on anything that is not a module (``np.asarray(v).sum()``), as "what (line n)"."""
    found = violations(source, Forbidden(list(names), points=1, reason="")) if names else []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    bound, modules = _bound_names(tree), _module_aliases(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in builtins and func.id not in bound:
            found.append(f"{func.id}() (line {node.lineno})")
        elif isinstance(func, ast.Attribute) and func.attr in methods and not (
                isinstance(func.value, ast.Name) and func.value.id in modules):
            found.append(f".{func.attr}() (line {node.lineno})")
    return sorted(set(found), key=lambda item: (int(item.rsplit("line ", 1)[1].rstrip(")")), item))


def _fold(node):
    """The value of a numeric constant expression (2.0 ** -52, 1 / 2 ** 23, math.ldexp(1, -10)), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _fold(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp):
        left, right = _fold(node.left), _fold(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Pow):
                return float(left ** right) if abs(right) <= 4096 else None
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
        except (ArithmeticError, TypeError, ValueError):
            return None
        return None
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        inner = _fold(node.args[0])  # np.float32(1.1920929e-07), float(2.2e-16): the constant inside counts
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if inner is not None and name in ("float", "float16", "float32", "float64", "double", "single", "half"):
            return inner
    if isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        mantissa, exponent = _fold(node.args[0]), _fold(node.args[1])
        if name == "ldexp" and mantissa is not None and exponent is not None and abs(exponent) <= 4096:
            return math.ldexp(mantissa, int(exponent))
    return None


def constants_near(source: str, function: str, targets, rel: float = 1e-2) -> list[str]:
    """Numeric constants within ``rel`` of one of ``targets``, written in the body of ``function`` or assigned at
    the top of the cell to a name that body reads; comparisons, asserts and print(...) are not searched."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    definition = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function), None)
    if definition is None:
        return []
    read = {n.id for n in ast.walk(definition) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    roots = [definition] + [n for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and any(
        isinstance(t, ast.Name) and t.id in read for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
    found = []

    def visit(node):
        if isinstance(node, (ast.Compare, ast.Assert)):
            return
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
            return
        value = _fold(node) if isinstance(node, (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Call)) else None
        if value is not None and value != 0 and any(abs(value / t - 1) <= rel for t in targets):
            found.append(f"{ast.unparse(node)} (line {node.lineno})")
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    for root in roots:
        visit(root)
    return sorted(set(found), key=found.index)


def expect_no_shortcut(found: list[str], *, function: str, instead: str, mistake_function):
    """Fail (rung "policy", naming ``mistake_function``'s registered mistake) when the cell uses a shortcut that
    the notebook says earns no points; then none of this exercise's checks credit the answer."""
    if found:
        record = mistake_function.autograder_mistake.as_record()
        raise CheckFailure(f"Not credited: {function} uses {', '.join(found)}; {instead}. The notebook says this "
                           f"earns no points, so no check of {function} credits the answer.\n"
                           f"Likely cause: {record['explanation']}", rung="policy", mistake=record)


# ------------------------------------------------------------------------------ a NumPy type as argument
DTYPE_SHIM = "autograder_call_with_dtype"
_DTYPE_SHIM_SOURCE = f'''def {DTYPE_SHIM}(function_name, dtype_name, *args, **kwargs):
    """Added by the autograder: calls function_name(numpy.<dtype_name>, ...), because its wire format cannot
    carry a type as an argument."""
    import numpy
    function = globals().get(function_name)
    if function is None:
        raise NameError(f"name {{function_name!r}} is not defined")
    return function(getattr(numpy, dtype_name), *args, **kwargs)
'''


def wire_carries_types() -> bool:
    return "__unsupported__" not in wire.to_data(np.float32)


def call_with_dtype(student, function_name: str, dtype):
    """``student.<function_name>(dtype)`` for a NumPy scalar type (np.float32, ...).

    The wire format (autograder/wire.py, ``to_data``) turns a type into an Unsupported placeholder,
    so the call cannot be made directly. Until it can (checked with ``wire_carries_types``), a
    small function defined in the student's namespace makes it, given the type's name as a string.
    The Returned then records that function and ("<function_name>", "<dtype name>") as its call.
    """
    if wire_carries_types():
        return getattr(student, function_name)(dtype)
    notebook = getattr(student, "_notebook", None)
    if notebook is None:
        raise RuntimeError("call_with_dtype needs the student proxy's sandbox (student._notebook)")
    notebook.exec_cell("autograder-dtype-shim", _DTYPE_SHIM_SOURCE)
    try:
        return getattr(student, DTYPE_SHIM)(function_name, np.dtype(dtype).name)
    except CheckFailure as failure:
        raise CheckFailure(failure.message.replace(DTYPE_SHIM, function_name), rung=failure.rung,
                           detail=failure.detail) from None
