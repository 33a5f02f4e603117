"""Functions that checks hand to student code (f, grad_f, g, ...), built inside the sandbox.

A check never passes a live trusted object into the sandbox. It decorates a plain function with
``@sandboxed``; the function's source is sent and compiled inside the sandbox (with ``np`` and
``math`` in scope), where every call is counted. On the trusted side the same object is an
ordinary function, so the reference and the mistake registry can be called with it.
"""
from __future__ import annotations

import ast
import inspect
import textwrap


class SandboxFunction:
    """A trusted helper with its source; calling it calls the function on the trusted side."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.source = _source_without_decorators(function)
        self.__name__ = self.name
        self.__doc__ = function.__doc__

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)

    def __repr__(self):
        return f"<sandboxed {self.name}>"


def sandboxed(function) -> SandboxFunction:
    """Mark a check-module function as one that may be passed to student code.

    Its body may use ``np``, ``math`` and its own arguments only (it is rebuilt in the sandbox).
    """
    return SandboxFunction(function)


def _source_without_decorators(function) -> str:
    source = textwrap.dedent(inspect.getsource(function))
    tree = ast.parse(source)
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        raise TypeError(f"@sandboxed needs a def statement, not {type(node).__name__}")
    node.decorator_list = []
    return ast.unparse(node)


def split_helpers(value, found: dict):
    """Replace SandboxFunction objects in call arguments by placeholders; collect their sources."""
    if isinstance(value, SandboxFunction):
        found[value.name] = value.source
        return {"$callable": value.name}
    if type(value) is dict:
        return {k: split_helpers(v, found) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(split_helpers(v, found) for v in value)
    return value
