"""Running one check module for one test cell, without starting pytest.

Check modules are ordinary pytest modules (``pytest autograder/checks/...`` runs them through
``conftest.py``). Grading runs them here instead, because pytest's start-up and collection per
test cell would cost more than the rest of grading together. The subset of pytest a check module
may use is small and validated when the module loads:

- test functions named ``test_*`` at module level, each with a ``@points(n)`` marker;
- fixtures by argument name: ``student``, ``reference``, ``rng``, ``seed``, ``submission``;
- ``@pytest.mark.parametrize`` (each case is a check of its own, worth the marker's points);
- mistakes (``@mistake``) and a forbidden-shortcut policy (``forbidden = Forbidden(...)``).
Anything else is a ``CheckConfigurationError`` naming the file and the check.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import time
import traceback
from pathlib import Path

import pytest

from autograder.checking import mistakes as mistake_registry
from autograder.checking import policy as policy_module
from autograder.checking.failures import CheckConfigurationError, CheckFailure
from autograder.checking.results import CellResult, CheckResult
from autograder.checking.seeding import check_rng

points = pytest.mark.points  # @points(2) is pytest.mark.points(2): one marker for both runners
FIXTURES = ("student", "reference", "rng", "seed", "submission")
_cache: dict[tuple[str, float], "CheckModule"] = {}


@dataclasses.dataclass
class Check:
    name: str  # "is_second_order" or "matches_reference[0.5]"
    doc: str
    points: float
    function: object
    arguments: tuple
    params: dict


@dataclasses.dataclass
class Submission:
    """What a check may know about the submission besides calling it: ids and cell sources."""

    student_id: str
    cell_sources: dict  # grade_id -> source, as submitted

    def cell_source(self, grade_id: str) -> str:
        return self.cell_sources.get(grade_id, "")


class CheckModule:
    def __init__(self, path: Path, assignment: str):
        self.path = Path(path)
        self.assignment = assignment
        self.exercise = self.path.stem.removeprefix("test_")
        self.module = self._load()
        self.checks = self._collect()
        self.mistakes = mistake_registry.collect(self.module, self.exercise)
        self.forbidden = next((v for v in vars(self.module).values() if isinstance(v, policy_module.Forbidden)), None)

    @property
    def max_points(self) -> float:
        return sum(c.points for c in self.checks) + (self.forbidden.points if self.forbidden else 0.0)

    def _where(self, name: str = "") -> str:
        return f"{self.path}" + (f"::{name}" if name else "")

    def _load(self):
        spec = importlib.util.spec_from_file_location(f"autograder_checks.{self.assignment}.{self.path.stem}", self.path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise CheckConfigurationError(f"{self._where()} does not import: {type(exc).__name__}: {exc}") from exc
        return module

    def _collect(self) -> list[Check]:
        checks = []
        for name, function in vars(self.module).items():
            if not (name.startswith("test_") and callable(function)):
                continue
            marks = getattr(function, "pytestmark", [])
            weights = [m.args[0] for m in marks if m.name == "points" and m.args]
            if len(weights) != 1 or not isinstance(weights[0], (int, float)) or weights[0] <= 0:
                raise CheckConfigurationError(f"{self._where(name)} needs exactly one @points(n) with n > 0")
            arguments = function.__code__.co_varnames[: function.__code__.co_argcount]
            cases = self._cases(name, marks)
            for params_id, params in cases:
                unknown = [a for a in arguments if a not in FIXTURES and a not in params]
                if unknown:
                    raise CheckConfigurationError(
                        f"{self._where(name)} asks for {', '.join(unknown)}; available fixtures: {', '.join(FIXTURES)}")
                doc = (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else ""
                label = name.removeprefix("test_") + (f"[{params_id}]" if params_id else "")
                checks.append(Check(label, doc, float(weights[0]), function, arguments, params))
        if not checks:
            raise CheckConfigurationError(f"{self._where()} defines no test_* checks")
        return checks

    def _cases(self, name: str, marks) -> list[tuple[str, dict]]:
        grids = []
        for mark in marks:
            if mark.name == "parametrize":
                names = [n.strip() for n in mark.args[0].split(",")] if isinstance(mark.args[0], str) else list(mark.args[0])
                values = list(mark.args[1])
                ids = mark.kwargs.get("ids")
                rows = []
                for index, value in enumerate(values):
                    value = value if len(names) > 1 else (value,)
                    label = ids[index] if ids else "-".join(str(v) for v in value)
                    rows.append((label, dict(zip(names, value))))
                grids.append(rows)
            elif mark.name not in ("points",):
                raise CheckConfigurationError(f"{self._where(name)} uses the marker @{mark.name}, which grading does not support")
        if not grids:
            return [("", {})]
        return [("-".join(label for label, _ in combo), {k: v for _, p in combo for k, v in p.items()})
                for combo in itertools.product(*grids)]

    # ------------------------------------------------------------------ running
    def run(self, student, reference, seed: int, submission: Submission, grade_id: str, cell_points: float | None) -> CellResult:
        result = CellResult(grade_id=grade_id, module=f"{self.assignment}/{self.path.name}",
                            max_points=cell_points if cell_points is not None else self.max_points, seed=seed)
        if cell_points is not None and abs(cell_points - self.max_points) > 1e-9:
            result.problem = (f"configuration error: {self._where()} is worth {self.max_points:g} points but the "
                              f"test cell {grade_id} has {cell_points:g}")
            return result
        with mistake_registry.active(self.mistakes):
            for check in self.checks:
                result.checks.append(self._run_one(check, student, reference, seed, submission))
        if self.forbidden:
            policy_check = self._run_policy(submission, earned=any(c.passed for c in result.checks))
            if self.forbidden.voids and policy_check.rung == "policy" and not policy_check.passed and \
                    policy_check.message.startswith("Forbidden"):
                for check in result.checks:
                    if check.passed:
                        check.passed, check.points = False, 0.0
                        check.message, check.rung = "Voided: the exercise used a forbidden shortcut (see below).", "policy"
            result.checks.append(policy_check)
        return result

    def _run_one(self, check: Check, student, reference, seed, submission) -> CheckResult:
        fixtures = {"student": student, "reference": reference, "seed": seed, "submission": submission,
                    "rng": check_rng(seed, check.name)}
        kwargs = {a: (check.params[a] if a in check.params else fixtures[a]) for a in check.arguments}
        outcome = CheckResult(name=check.name, doc=check.doc, max_points=check.points)
        start = time.perf_counter()
        try:
            check.function(**kwargs)
            outcome.passed, outcome.points = True, check.points
        except CheckFailure as failure:
            outcome.message, outcome.rung = failure.message, failure.rung
            outcome.detail, outcome.mistake = failure.detail, failure.mistake
        except AssertionError as failure:  # a plain assert in a check: its message is the feedback
            outcome.message = str(failure).strip() or f"the check {check.name} failed"
            outcome.rung, outcome.detail = "property", traceback.format_exc(limit=-3)
        except Exception:  # the check itself broke: the instructor must see it
            outcome.error = True
            outcome.rung = "check-error"
            outcome.message = ("This check could not be completed because of an error in the autograder's check; "
                               "the instructor has been told.")
            outcome.detail = traceback.format_exc()
        outcome.seconds = time.perf_counter() - start
        return outcome

    def _run_policy(self, submission: Submission, earned: bool) -> CheckResult:
        """The forbidden-shortcut check. Its points need at least one other passing check, so an
        empty stub earns nothing; with ``voids`` a violation takes every other check's points too."""
        policy = self.forbidden
        outcome = CheckResult(name="uses_no_forbidden_shortcut",
                              doc=f"Check that {self.exercise} does not use {', '.join(n.replace('numpy.', 'np.') for n in policy.names)}.",
                              max_points=policy.points, rung="policy")
        found = policy_module.violations(submission.cell_source(self.exercise), policy)
        if found:
            cost = "the whole exercise" if policy.voids else f"{policy.points:g} points"
            outcome.message = f"Forbidden shortcut used: {', '.join(found)}. {policy.reason}. (costs {cost})"
        elif not earned:
            outcome.message = "No other check of this exercise passed, so avoiding the shortcuts earns nothing yet."
        else:
            outcome.passed, outcome.points, outcome.rung = True, policy.points, ""
        return outcome


def load(path: Path, assignment: str) -> CheckModule:
    """Load (once per file version) the check module at ``path``."""
    key = (str(path), Path(path).stat().st_mtime)
    if key not in _cache:
        _cache[key] = CheckModule(path, assignment)
    return _cache[key]
