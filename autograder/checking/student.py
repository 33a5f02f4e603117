"""The ``student`` fixture: attribute access calls the student's functions in the sandbox.

``student.central_difference(gauss, x)`` sends the call as data, waits for the answer and returns a
``Returned``: the decoded value plus where it came from (function and trusted-side arguments, for
the mistake registry), the warnings raised in student code, what it printed, and how often each
helper was called. A missing function, an exception, or a call that hung or killed the sandbox
raises ``CheckFailure`` at the first rung of the ladder.
"""
from __future__ import annotations

import dataclasses

from autograder.checking.failures import CheckFailure
from autograder.checking.helpers import split_helpers
from autograder.isolation.faults import SandboxFault


@dataclasses.dataclass
class Returned:
    value: object
    function: str
    args: tuple
    kwargs: dict
    warnings: list
    stdout: str
    calls: dict
    seconds: float
    args_after: list | None = None
    kwargs_after: dict | None = None

    @property
    def signature(self) -> str:
        return f"{self.function}(...)"


def describe_error(error: dict) -> str:
    lines = [line for line in error.get("traceback", []) if line.strip()]
    where = ""
    for line in lines:
        if line.strip().startswith('File "<cell'):
            where = line.strip()
    location = f" ({where.replace('File ', '')})" if where else ""
    return f"{error.get('ename', 'Exception')}: {error.get('evalue', '')}"[:500] + location


class StudentFunction:
    def __init__(self, proxy: "StudentProxy", name: str):
        self._proxy, self._name = proxy, name

    def __call__(self, *args, **kwargs) -> Returned:
        return self._proxy.call(self._name, args, kwargs)

    def raw(self, *args, _return_args: bool = False, **kwargs) -> dict:
        """The runner's answer as data, without the ladder (for checks on exceptions)."""
        return self._proxy.call_raw(self._name, args, kwargs, _return_args)

    def tracking_arguments(self, *args, **kwargs) -> Returned:
        """Call and also get the arguments back as they are after the call (mutation checks)."""
        return self._proxy.call(self._name, args, kwargs, return_args=True)


class StudentProxy:
    """Calls go to a ``SandboxedNotebook``; ``calls_made`` keeps a log for the report."""

    def __init__(self, notebook):
        self._notebook = notebook
        self.calls_made = 0

    def __getattr__(self, name: str) -> StudentFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return StudentFunction(self, name)

    def call_raw(self, name: str, args, kwargs, return_args: bool = False) -> dict:
        helpers: dict = {}
        wire_args = split_helpers(list(args), helpers)
        wire_kwargs = split_helpers(dict(kwargs), helpers)
        self.calls_made += 1
        try:
            return self._notebook.call(name, wire_args, wire_kwargs, helpers, return_args)
        except SandboxFault as fault:
            if fault.kind == "timeout":
                message = f"{name} did not return in time: {fault.detail}. Look for a loop that never ends."
            else:
                message = f"{name} stopped the sandbox: {fault.detail}."
            raise CheckFailure(message, rung="raised") from None

    def call(self, name: str, args, kwargs, return_args: bool = False) -> Returned:
        answer = self.call_raw(name, args, kwargs, return_args)
        status = answer.get("status")
        if status == "missing":
            raise CheckFailure(f"{name} is not defined. Did you run (and keep) its cell and spell its name as in the notebook?",
                               rung="missing")
        if status == "not_callable":
            raise CheckFailure(f"{name} is not a function (it is {answer.get('type', 'something else')}).", rung="missing")
        if status == "raised":
            error = answer.get("error") or {}
            hint = ""
            if error.get("ename") == "NotImplementedError":
                hint = " It still raises NotImplementedError: replace that line with your solution."
            raise CheckFailure(f"{name} raised {describe_error(error)}.{hint}", rung="raised",
                               detail="\n".join(error.get("traceback", [])))
        if status != "ok":
            raise CheckFailure(f"{name} returned something the autograder could not read ({status}: {answer.get('detail', '')}).",
                               rung="type")
        return Returned(
            value=answer.get("value"), function=name, args=tuple(args), kwargs=dict(kwargs),
            warnings=answer.get("warnings") or [], stdout=answer.get("stdout") or "",
            calls=answer.get("calls") or {}, seconds=float(answer.get("seconds") or 0.0),
            args_after=answer.get("args_after"), kwargs_after=answer.get("kwargs_after"),
        )
