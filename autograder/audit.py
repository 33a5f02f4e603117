"""``autograder audit``: the checks against the reference, the released stub and every fixture.

Expected: the reference scores full marks, the stub scores 0 autograded points without a crash,
and each fixture scores what its name and header say, with the named mistakes in its feedback.
Any deviation is listed and makes the exit status non-zero.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
from pathlib import Path

from autograder import fixtures
from autograder.checking.course import Course
from autograder.checking.grade import grade_notebook

FIXTURES_DIR = Path("tests") / "submissions"


@dataclasses.dataclass
class Row:
    name: str
    expected: str
    got: str
    ok: bool
    problems: list
    seconds: float


def _errors(graded) -> list[str]:
    found = [f"{r.grade_id}: {r.problem}" for r in graded.results if r.problem]
    found += [f"{r.grade_id}/{c.name}: check error" for r in graded.results for c in r.checks if c.error]
    return found


def audit_reference(course, assignment, settings) -> Row:
    graded = grade_notebook(fixtures.reference_notebook(course, assignment), assignment, "reference", course, settings)
    problems = _errors(graded)
    problems += [f"{r.grade_id}/{c.name}: {c.message.splitlines()[0] if c.message else ''}"
                 for r in graded.results for c in r.checks if not c.passed and not c.error]
    ok = not problems and graded.points == graded.max_points
    return Row("reference", f"{graded.max_points:g}", f"{graded.points:g}", ok, problems, graded.seconds)


def audit_stub(course, assignment, settings) -> Row:
    graded = grade_notebook(fixtures.stub_notebook(course, assignment), assignment, "stub", course, settings)
    problems = _errors(graded)
    ok = not problems and graded.points == 0
    return Row("released stub", "0", f"{graded.points:g}", ok, problems, graded.seconds)


def audit_fixture(course, assignment, settings, fixture: fixtures.Fixture) -> Row:
    graded = grade_notebook(fixtures.build(fixture, course, assignment), assignment, f"fixture-{fixture.name}", course, settings)
    problems = _errors(graded)
    by_cell = {r.grade_id: r for r in graded.results}
    for grade_id, result in by_cell.items():
        want = fixture.scores.get(grade_id, result.max_points)
        if abs(result.points - want) > 1e-9:
            failed = ", ".join(c.name for c in result.checks if not c.passed)
            problems.append(f"{grade_id}: {result.points:g} points, expected {want:g} (failed: {failed or '-'})")
    for grade_id in fixture.scores:
        if grade_id not in by_cell:
            problems.append(f"{grade_id}: no such test cell")
    for grade_id, mistake_id in fixture.mistakes.items():
        named = {c.mistake["id"] for c in by_cell.get(grade_id, []).checks if c.mistake} if grade_id in by_cell else set()
        if mistake_id not in named:
            problems.append(f"{grade_id}: feedback does not name mistake {mistake_id} (named: {sorted(named) or '-'})")
    lost = graded.max_points - graded.points
    if fixture.outcome == "pass" and lost > 0:
        problems.append("named 'pass' but lost points")
    if fixture.outcome == "fail" and lost <= 0:
        problems.append("named 'fail' but scored full marks")
    expected = f"{graded.max_points - sum(by_cell[g].max_points - s for g, s in fixture.scores.items() if g in by_cell):g}"
    return Row(fixture.name, expected, f"{graded.points:g}", not problems, problems, graded.seconds)


def run(course: Course, assignment: str, settings, fixtures_root: Path | None = None, progress=None,
        jobs: int = 1) -> list[Row]:
    """Reference, stub, then every fixture, ``jobs`` at a time (each in its own sandbox; rows in fixture order)."""
    directory = (fixtures_root or course.root / FIXTURES_DIR) / assignment
    found = fixtures.discover(directory) if directory.exists() else []
    tasks = [(audit_reference, ()), (audit_stub, ())] + [(audit_fixture, (f,)) for f in found]
    if jobs <= 1:
        rows = [task(course, assignment, settings, *extra) for task, extra in tasks]
        for row in rows[2:] if progress else []:
            progress(row)
        return rows
    # forked workers inherit the loaded checks and reference; each grade is independent (its own sandbox)
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(task, course, assignment, settings, *extra) for task, extra in tasks]
        rows = [future.result() for future in futures]
    for row in rows[2:] if progress else []:
        progress(row)
    return rows


def table(rows: list[Row]) -> str:
    width = max(len(r.name) for r in rows)
    lines = [f"{'submission':{width}}  expected  got     ok   seconds"]
    for r in rows:
        lines.append(f"{r.name:{width}}  {r.expected:>8}  {r.got:>6}  {'yes' if r.ok else 'NO':4} {r.seconds:6.2f}")
        lines += [f"{'':{width}}    - {p}" for p in r.problems]
    bad = sum(not r.ok for r in rows)
    lines.append(f"{len(rows) - bad} of {len(rows)} submissions scored exactly as expected")
    return "\n".join(lines)
