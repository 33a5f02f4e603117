"""Results are data; display is separate (see ``report.py``).

A ``CheckResult`` is one check's outcome; a ``CellResult`` is one test cell's (its checks, the
score, the seed). ``message`` is what the student may read; ``detail`` is for the instructor only
(hidden inputs, expected values, check-side tracebacks) and never reaches feedback.
"""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class CheckResult:
    name: str  # the check function's name without "test_"
    doc: str  # first line of its "Check that ..." docstring
    max_points: float
    points: float = 0.0
    passed: bool = False
    message: str = ""  # student-facing
    detail: str = ""  # instructor-only
    mistake: dict | None = None  # {"id", "title", "explanation"} of a matched registered mistake
    rung: str = ""  # where the ladder stopped: missing/raised/type/shape/finite/value/property/...
    error: bool = False  # the check itself failed (a bug or a configuration error), not the student
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class CellResult:
    grade_id: str  # "test_<exercise>"
    module: str  # path of the check module, relative to the checks directory
    max_points: float
    seed: int
    checks: list[CheckResult] = dataclasses.field(default_factory=list)
    problem: str = ""  # why the cell could not be graded at all, if so

    @property
    def points(self) -> float:
        return round(sum(c.points for c in self.checks), 6)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["points"] = self.points
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "CellResult":
        data = dict(data)
        data.pop("points", None)
        checks = [CheckResult(**c) for c in data.pop("checks", [])]
        return cls(checks=checks, **data)
