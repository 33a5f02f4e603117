"""Hidden checks for machine_epsilon(dtype=np.float64): the smallest power of two eps with 1 + eps != 1 in
`dtype`, found by halving (not read from np.finfo, np.spacing, np.nextafter or a constant), returned as a
scalar of that dtype: 2**-52 for float64, 2**-23 for float32, 2**-10 for float16.

The answers are exact powers of two, so they are compared exactly, and the type of the returned NumPy scalar
is part of the answer. The notebook says a lookup or a written constant "earns no points": a lookup voids the
exercise through the Forbidden policy; a written constant (which the policy cannot see) fails every check here.
"""
import ast
import math

import numpy as np

from autograder.checking import Forbidden, expect_true, mistake, points

EPSILON = {np.float16: np.float16(2.0 ** -10), np.float32: np.float32(2.0 ** -23), np.float64: np.float64(2.0 ** -52)}

forbidden = Forbidden(["np.finfo", "np.spacing", "np.nextafter", "math.ulp", "math.nextafter", "sys.float_info"],
                      points=0.5, voids=True,
                      reason="machine_epsilon must find epsilon by halving, not read it from NumPy's or Python's "
                             "floating-point information")


@mistake("machine_epsilon_one_halving_too_many",
         "You returned the first power of two that no longer changes 1; machine epsilon is the last one that still "
         "does (twice your value): test `1 + eps/2` before halving.")
def one_halving_too_many(dtype=np.float64):
    kind = np.dtype(dtype).type
    eps = kind(1)
    while kind(1) + eps != kind(1):
        eps = eps / kind(2)
    return eps


# Registered before machine_epsilon_python_float: for float64 both give a Python float of the right value, and
# then the type is the only fault.
@mistake("machine_epsilon_wrong_type",
         "Return the scalar in the requested dtype (`np.float32(...)` for float32, as your loop computes it), not a "
         "Python float.")
def wrong_type(dtype=np.float64):
    return float(EPSILON[np.dtype(dtype).type])


@mistake("machine_epsilon_python_float",
         "Your loop runs in float64 whatever `dtype` is (Python floats, and NumPy float64 values, are always "
         "float64), so `dtype` is ignored: build `one = dtype(1)`, `two = dtype(2)` and halve with them, and return "
         "a scalar of that dtype.")
def python_float(dtype=np.float64):
    eps = 1.0
    while 1.0 + eps / 2 != 1.0:
        eps /= 2
    return eps


# ------------------------------------------------------------------ written constants (the policy reads names only)
def _constant(node):
    """The value of a numeric constant expression (2.0 ** -52, 1 / 2 ** 23, np.float32(1.19e-07),
    math.ldexp(1, -10)), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _constant(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Pow, ast.Div, ast.Mult, ast.Add, ast.Sub)):
        left, right = _constant(node.left), _constant(node.right)
        if left is None or right is None or (isinstance(node.op, ast.Pow) and abs(right) > 4096):
            return None
        try:
            return float({ast.Pow: lambda: left ** right, ast.Div: lambda: left / right, ast.Mult: lambda: left * right,
                          ast.Add: lambda: left + right, ast.Sub: lambda: left - right}[type(node.op)]())
        except (ArithmeticError, TypeError, ValueError):
            return None
    if isinstance(node, ast.Call) and not node.keywords:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = [_constant(a) for a in node.args]
        if None in args:
            return None
        if len(args) == 1 and name in ("float", "float16", "float32", "float64", "double", "single", "half"):
            return args[0]
        if len(args) == 2 and name == "ldexp" and abs(args[1]) <= 4096:
            return math.ldexp(args[0], int(args[1]))
    return None


def written_epsilons(source: str) -> list[str]:
    """Constants within 1% of an answer, written in machine_epsilon's body or assigned at the top of the cell to a
    name that body reads; comparisons, asserts and print(...) are not searched. As "text (line n)"."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    definition = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "machine_epsilon"), None)
    if definition is None:
        return []
    read = {n.id for n in ast.walk(definition) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    roots = [definition] + [n for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) and any(
        isinstance(t, ast.Name) and t.id in read for t in (n.targets if isinstance(n, ast.Assign) else [n.target]))]
    targets = [float(v) for v in EPSILON.values()]
    found = []

    def visit(node):
        if isinstance(node, (ast.Compare, ast.Assert)) or (
                isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print"):
            return
        value = _constant(node) if isinstance(node, (ast.Constant, ast.UnaryOp, ast.BinOp, ast.Call)) else None
        if value and any(abs(value / t - 1) <= 1e-2 for t in targets):
            found.append((node.lineno, f"{ast.unparse(node)} (line {node.lineno})"))
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    for root in roots:
        visit(root)
    return [text for _, text in sorted(set(found))]


def expect_no_written_epsilon(submission):
    found = written_epsilons(submission.cell_source("machine_epsilon"))
    expect_true(not found, f"Not credited: machine_epsilon writes epsilon as a constant ({', '.join(found)}) instead "
                           "of finding it by halving in the requested dtype. The notebook says this earns no points, "
                           "so no check of machine_epsilon credits the answer.", rung="policy")


# ------------------------------------------------------------------ the answer
def _type_name(value) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of {value.dtype} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    return getattr(value, "type_name", None) or type(value).__name__


def expect_epsilon(got, dtype, what: str):
    """A scalar of exactly `dtype` (a 0-d array of it is accepted) equal to 2**-p."""
    want, value = EPSILON[dtype], got.value
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.dtype(dtype):
        value = value[()]
    hint = " A Python float is always float64." if type(value) is float else ""
    expect_true(type(value) is dtype,
                f"{what} should return a numpy.{dtype.__name__} scalar but returned {_type_name(value)}.{hint}",
                rung="type", got=got)
    ratio = float(value) / float(want)
    hint = f" Yours is {ratio:g} times the answer." if ratio in (0.25, 0.5, 2.0, 4.0) else ""
    expect_true(value == want, f"{what} is not the smallest power of two eps with 1 + eps != 1 in {dtype.__name__}."
                               f"{hint}", rung="value", got=got, detail=f"got {value!r}, want {want!r}")


@points(0.5)
def test_float64(student, submission):
    """Check that machine_epsilon() and machine_epsilon(np.float64) return np.float64(2**-52), found by halving."""
    expect_no_written_epsilon(submission)
    expect_epsilon(student.machine_epsilon(), np.float64, "machine_epsilon()")
    expect_epsilon(student.machine_epsilon(np.float64), np.float64, "machine_epsilon(np.float64)")


@points(0.5)
def test_float32(student, submission):
    """Check that machine_epsilon(np.float32) returns np.float32(2**-23), computed in float32."""
    expect_no_written_epsilon(submission)
    expect_epsilon(student.machine_epsilon(np.float32), np.float32, "machine_epsilon(np.float32)")


@points(0.5)
def test_float16(student, submission):
    """Check that machine_epsilon(np.float16) returns np.float16(2**-10), computed in float16."""
    expect_no_written_epsilon(submission)
    expect_epsilon(student.machine_epsilon(np.float16), np.float16, "machine_epsilon(np.float16)")
