"""The figures of the instructor report, computed once from a ``ClassRecord`` (display is separate:
``page.py`` for HTML, ``text.py`` for text)."""
from __future__ import annotations

import dataclasses
import statistics

from autograder.reporting.collect import ClassRecord


@dataclasses.dataclass
class Rate:
    label: str
    passed: int
    total: int
    mean_points: float = 0.0
    max_points: float = 0.0
    errors: int = 0  # checks that broke (the autograder's fault, not the student's)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


@dataclasses.dataclass
class MistakeCount:
    exercise: str
    mistake: str
    students: list
    explanation: str

    @property
    def count(self) -> int:
        return len(self.students)


@dataclasses.dataclass
class Figures:
    assignment: str
    roster: int
    submitted: int
    graded: int
    ungradable: list  # (student, reason)
    missing: list  # student ids
    manual_pending: list  # (student, [columns])
    late: list  # (student, penalty)
    max_total: float
    totals: list  # (student, total) for graded submissions
    exercises: list  # Rate per autograded test cell
    manual: list  # Rate per manual cell (passed = graded, total = submissions)
    checks: list  # Rate per check ("exercise: check")
    mistakes: list  # MistakeCount, most frequent first
    seconds: list  # (student, seconds)
    faults: list  # (student, fault)
    check_errors: list  # (student, "exercise: check")

    def score_summary(self) -> dict:
        values = [t for _, t in self.totals]
        if not values:
            return {}
        return {"n": len(values), "mean": statistics.fmean(values), "median": statistics.median(values),
                "min": min(values), "max": max(values),
                "stdev": statistics.stdev(values) if len(values) > 1 else 0.0}

    def time_summary(self) -> dict:
        values = sorted(s for _, s in self.seconds)
        if not values:
            return {}
        p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
        return {"n": len(values), "median": statistics.median(values), "p90": p90, "max": values[-1],
                "total": sum(values)}


def compute(record: ClassRecord) -> Figures:
    graded = record.by_status("graded")
    exercises = []
    for cell in record.auto_cells:
        scores = [r.scores.get(cell.column) for r in graded]
        scores = [s for s in scores if s is not None]
        full = sum(1 for s in scores if s >= cell.max_score - 1e-9)
        exercises.append(Rate(cell.column, full, len(scores), statistics.fmean(scores) if scores else 0.0,
                              cell.max_score))
    manual = []
    for cell in record.manual_cells:
        scores = [r.scores.get(cell.column) for r in graded]
        done = [s for s, r in zip(scores, graded) if s is not None and cell.column not in r.needs_manual]
        manual.append(Rate(cell.column, len(done), len(graded), statistics.fmean(done) if done else 0.0, cell.max_score))

    checks: dict[str, Rate] = {}
    mistakes: dict[tuple, MistakeCount] = {}
    check_errors = []
    for row in graded:
        for result in row.results:
            for cell in result.get("cells", []):
                exercise = cell.get("grade_id", "?").removeprefix("test_")
                for check in cell.get("checks", []):
                    key = f"{exercise}: {check.get('name')}"
                    rate = checks.setdefault(key, Rate(key, 0, 0, max_points=float(check.get("max_points") or 0)))
                    rate.total += 1
                    rate.passed += bool(check.get("passed"))
                    rate.mean_points += float(check.get("points") or 0)
                    if check.get("error"):
                        rate.errors += 1
                        check_errors.append((row.student, key))
                    found = check.get("mistake")
                    if found and not check.get("passed"):
                        entry = mistakes.setdefault((exercise, found.get("id")), MistakeCount(
                            exercise, found.get("id", "?"), [], found.get("explanation", "")))
                        if row.student not in entry.students:
                            entry.students.append(row.student)
    for rate in checks.values():
        rate.mean_points = rate.mean_points / rate.total if rate.total else 0.0

    return Figures(
        assignment=record.assignment,
        roster=len(record.rows),
        submitted=len([r for r in record.rows if r.status != "missing"]),
        graded=len(graded),
        ungradable=[(r.student, r.reason) for r in record.by_status("ungradable")],
        missing=[r.student for r in record.by_status("missing")],
        manual_pending=[(r.student, list(r.needs_manual)) for r in graded if r.needs_manual],
        late=[(r.student, r.late_penalty) for r in graded if r.late_penalty],
        max_total=record.max_total,
        totals=[(r.student, r.total) for r in graded],
        exercises=exercises,
        manual=manual,
        checks=list(checks.values()),
        mistakes=sorted(mistakes.values(), key=lambda m: (-m.count, m.exercise, m.mistake)),
        seconds=[(r.student, r.seconds) for r in graded if r.seconds is not None],
        faults=[(r.student, f) for r in record.rows for f in r.faults],
        check_errors=check_errors,
    )
