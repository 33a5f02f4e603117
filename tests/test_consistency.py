"""The repository agrees with itself: contract, notebooks, references, checks, fixtures, CLI, README."""
import re
import subprocess
import sys

import pytest

from autograder import cli, fixtures
from autograder.checking import runner
from autograder.checking.course import CHECKS_DIR, autograded_cells

ASSIGNMENTS = sorted(p.name for p in CHECKS_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


def test_contract_check_passes(repo):
    result = subprocess.run([sys.executable, str(repo.parent / "shared" / "tools" / "contract_check.py"), *ASSIGNMENTS],
                            cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_has_a_check_module_worth_its_points(course, assignment):
    for grade_id, cell in autograded_cells(course.source_notebook(assignment)).items():
        module = runner.load(course.check_path(assignment, grade_id), assignment)
        assert module.max_points == pytest.approx(cell.metadata.nbgrader.points), grade_id
        assert f"autograder/checks/{assignment}/{grade_id}.py" in cell.source, f"{grade_id} must name its hidden checks"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_two_mistakes_and_fixtures(course, assignment, repo):
    found = fixtures.discover(repo / "tests" / "submissions" / assignment)
    for grade_id in autograded_cells(course.source_notebook(assignment)):
        exercise = grade_id.removeprefix("test_")
        module = runner.load(course.check_path(assignment, grade_id), assignment)
        assert sum(len(v) for v in module.mistakes.values()) >= 2, f"{exercise}: fewer than two registered mistakes"
        mine = [f for f in found if f.target == exercise]
        assert any(f.outcome == "pass" for f in mine), f"{exercise}: no correct alternative fixture"
        named = {m for f in mine for m in f.mistakes.values()}
        assert len(named) >= 2, f"{exercise}: fewer than two fixtures of registered mistakes"


def test_every_cli_command_has_help_and_is_in_the_readme(repo):
    readme = (repo / "README.md").read_text()
    subparsers = next(a for a in cli.parser()._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        assert sub.format_help().strip()
        assert re.search(rf"autograder {name}\b", readme), f"`autograder {name}` is not documented in README.md"


def test_readme_opens_with_the_two_commands(repo):
    readme = (repo / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
    assert (repo / ".ci" / "run").read_text().strip().endswith("make test")


def test_sandbox_imports_nothing_trusted(repo):
    result = subprocess.run([str(repo / ".venv" / "bin" / "lint-imports")], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
