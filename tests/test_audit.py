"""``autograder audit`` for every assignment with checks: reference full marks, stub zero, fixtures exact."""
import subprocess

import pytest

from autograder.checking.course import CHECKS_DIR

pytestmark = pytest.mark.slow
ASSIGNMENTS = sorted(p.name for p in CHECKS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_audit_passes(repo, assignment):
    result = subprocess.run([str(repo / ".venv" / "bin" / "autograder"), "audit", assignment], cwd=repo,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scored exactly as expected" in result.stdout


def test_checks_run_under_plain_pytest_against_the_reference(repo):
    result = subprocess.run([str(repo / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             *[str(CHECKS_DIR / a) for a in ASSIGNMENTS]], cwd=repo, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:]


def test_source_notebook_solutions_agree_with_the_reference(course, grading_settings):
    """The source notebook's own solutions score full marks against checks that compare with the reference."""
    from autograder import fixtures
    from autograder.checking.grade import grade_notebook
    for assignment in ASSIGNMENTS:
        graded = grade_notebook(fixtures.solution_notebook(course, assignment), assignment, "solution", course,
                                grading_settings)
        lost = [(r.grade_id, c.name) for r in graded.results for c in r.checks if not c.passed]
        assert graded.points == graded.max_points, (assignment, lost)
