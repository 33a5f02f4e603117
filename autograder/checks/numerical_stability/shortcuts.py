"""Reading a solution cell for the shortcuts the notebook says earn no points (numerical_stability checks).

The Forbidden policy (autograder/checking/policy.py) costs only its own points and matches every use of a
builtin's name; the notebook promises more ("earns no points") and means calls. These helpers find the
shortcuts precisely, and ``expect_no_shortcut`` fails a check on them, so every check of the exercise fails.
"""
from __future__ import annotations

import ast
import math

from autograder.checking import CheckFailure, Forbidden
from autograder.checking.policy import violations

_MODULES = {"np": "numpy", "numpy": "numpy", "math": "math", "sys": "sys"}


def _by_line(found: list[str]) -> list[str]:
    """Distinct "what (line n)" items in the order of their lines."""
    return sorted(set(found), key=lambda item: (int(item.rsplit("line ", 1)[1].rstrip(")")), found.index(item)))


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
    return _by_line(found)


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
    return _by_line(found)


def expect_no_shortcut(found: list[str], *, function: str, instead: str, mistake_function):
    """Fail (rung "policy", naming ``mistake_function``'s registered mistake) when the cell uses a shortcut that
    the notebook says earns no points; then none of this exercise's checks credit the answer."""
    if found:
        record = mistake_function.autograder_mistake.as_record()
        raise CheckFailure(f"Not credited: {function} uses {', '.join(found)}; {instead}. The notebook says this "
                           f"earns no points, so no check of {function} credits the answer.\n"
                           f"Likely cause: {record['explanation']}", rung="policy", mistake=record)
