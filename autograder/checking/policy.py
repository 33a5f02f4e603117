"""Forbidden shortcuts: a per-exercise policy checked by reading the student's cell.

A check module declares, for example,

    forbidden = Forbidden(["np.finfo", "np.spacing", "np.nextafter"], points=1,
                          reason="machine_epsilon must find epsilon by halving")

and the runner adds a check worth ``points`` that fails, naming each violation and its line,
when the exercise's solution cell uses one of the names. Names are resolved through imports
(``import numpy as xp; xp.finfo``, ``from numpy import finfo as f``) and ``getattr(np, "finfo")``
with a literal string; builtins are matched by name (``sum``).
"""
from __future__ import annotations

import ast
import dataclasses

_MODULE_ALIASES = {"np": "numpy", "numpy": "numpy", "math": "math"}


@dataclasses.dataclass(frozen=True)
class Forbidden:
    """Names an exercise may not use. ``.sum`` (a leading dot) means any method called ``sum``.

    ``points`` are earned by not using them (and only together with at least one other passing
    check, so an empty stub earns nothing); with ``voids=True`` a violation also voids every other
    check of the exercise, for shortcuts that make the exercise pointless.
    """

    names: tuple
    points: float
    reason: str
    voids: bool = False

    def __init__(self, names, points: float, reason: str, voids: bool = False):
        object.__setattr__(self, "names", tuple(_canonical(n) for n in names))
        object.__setattr__(self, "points", float(points))
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "voids", bool(voids))
        if self.points <= 0:
            raise ValueError("Forbidden(points=...) must be positive")


def _canonical(name: str) -> str:
    head, _, rest = name.partition(".")
    return f"{_MODULE_ALIASES.get(head, head)}.{rest}" if rest else name


class _Resolver(ast.NodeVisitor):
    def __init__(self):
        self.aliases = dict(_MODULE_ALIASES)  # local name -> dotted origin
        self.uses: list[tuple[str, int]] = []
        self.methods: list[tuple[str, int]] = []  # attribute names used on anything: ".sum"
        self.bound: set[str] = set()  # names the cell assigns or defines: `sum = 0.0` is no call

    def visit_Import(self, node):
        for alias in node.names:
            self.aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]

    def visit_ImportFrom(self, node):
        for alias in node.names:
            self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _dotted(self, node) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self._dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def visit_Attribute(self, node):
        dotted = self._dotted(node)
        if dotted:
            self.uses.append((dotted, node.lineno))
        self.methods.append((f".{node.attr}", node.lineno))
        self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.uses.append((self.aliases.get(node.id, node.id), node.lineno))
        else:
            self.bound.add(node.id)

    def visit_FunctionDef(self, node):
        self.bound.add(node.name)
        self.bound.update(a.arg for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs)
        self.generic_visit(node)

    def visit_Call(self, node):
        if (isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            base = self._dotted(node.args[0])
            if base:
                self.uses.append((f"{base}.{node.args[1].value}", node.lineno))
        self.generic_visit(node)


def violations(source: str, policy: Forbidden) -> list[str]:
    """Each forbidden use in ``source`` as "np.finfo (line 3)"; a cell that does not parse has none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    resolver = _Resolver()
    resolver.visit(tree)
    found = []
    for dotted, line in resolver.uses:
        if dotted in policy.names and dotted not in resolver.bound:
            found.append(f"{dotted.replace('numpy.', 'np.')} (line {line})")
    for method, line in resolver.methods:
        already = any(d.endswith(method) and l == line for d, l in resolver.uses if d in policy.names)
        if method in policy.names and not already:  # np.sum is one use, not also ".sum()"
            found.append(f"{method}() (line {line})")
    return sorted(set(found), key=found.index)
