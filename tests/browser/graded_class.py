"""One small class, graded through the real nbgrader commands, shared by the feedback, report,
export and browser tests (built once per test session: autograding costs about 5 s a student).

Students of ``vector_calculus``:

- alice    the full solution (correct)
- bob      ``central_difference-fail-forward_formula`` (a registered mistake)
- carol    ``central_difference-fail-hostile_assert_allclose_noop`` (a hostile notebook)
- mallory  ``EXFILTRATE`` below: tries to carry the hidden inputs into her feedback (exception and
           warning messages, a later cell printing what the checks passed in) and to inject markup
- judy     correct but handed in after the due date (late penalty "zero")
- oscar    handed in a file that is not JSON (ungradable)
- zoe      on the roster, handed in nothing (missing)
"""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from autograder import coursework, fixtures

ASSIGNMENT = "vector_calculus"
REPO = Path(__file__).resolve().parents[2]
FIXTURES = {
    "bob": "central_difference-fail-forward_formula",
    "carol": "central_difference-fail-hostile_assert_allclose_noop",
}
MARKUP = '<img src=x onerror="document.title=\'pwned\'">'
EXFILTRATE = f'''# %% central_difference
_SEEN = []
def central_difference(f, x, h=1e-5):
    import warnings
    x = np.asarray(x, dtype=np.float64)
    _SEEN.append(np.array(x, copy=True))
    warnings.warn("my input was " + repr(x.tolist()))
    if x.size == 7:
        raise ValueError({MARKUP!r} + " my input was " + repr(x.tolist()) + " " + str(x))
    return (f(x + h) - f(x - h)) / (2 * h)
# %% gaussian
_SEEN_G = []
def gaussian(x):
    _SEEN_G.append(np.array(x, copy=True))
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x ** 2) + (1e-3 if x.size > 1 else 0.0)
# %% new after test_classify_critical_point
print("inputs the checks passed in:")
for _x in _SEEN + _SEEN_G:
    print(repr(_x))
    print(np.array2string(np.asarray(_x), precision=4))
'''
DUE = datetime.datetime(2026, 1, 10, 12, 0, tzinfo=datetime.timezone.utc)
ROSTER = [("alice", "Alice", "Adams", "1101"), ("bob", "Bob", "Brown", "1102"), ("carol", "Carol", "Clark", "1103"),
          ("judy", "Judy", "Jones", None), ("mallory", "Mallory", "Moss", None), ("oscar", "Oscar", "Olsen", None),
          ("zoe", "Zoe", "Zhang", "1126")]  # a roster: zoe hands in nothing; three have no Canvas user id

_built: dict[str, Path] = {}


def exfiltrate_fixture(directory: Path) -> fixtures.Fixture:
    path = Path(directory) / "central_difference-fail-hostile_exfiltrate.py"
    path.write_text(EXFILTRATE)
    return fixtures.parse(path)


def build(root: Path) -> Path:
    """The graded course (autograded, feedback generated), built once per process under ``root``."""
    if "course" in _built:
        return _built["course"]
    course_dir = coursework.make_course(Path(root) / "course", secret="graded-class-secret")
    with open(course_dir / "nbgrader_config.py", "a") as config:
        config.write('c.LateSubmissionPlugin.penalty_method = "zero"\n')
    coursework.nbgrader(course_dir, "generate_assignment", ASSIGNMENT, "--create")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:  # what `nbgrader db ... add` does
        gradebook.update_or_create_assignment(ASSIGNMENT, duedate=DUE.replace(tzinfo=None))
        for student, first, last, lms_id in ROSTER:
            gradebook.update_or_create_student(student, first_name=first, last_name=last, lms_user_id=lms_id)
    on_time = DUE - datetime.timedelta(hours=2)
    submissions = {"alice": None, **{s: fixtures.parse(REPO / "tests" / "submissions" / ASSIGNMENT / f"{n}.py")
                                    for s, n in FIXTURES.items()},
                   "mallory": exfiltrate_fixture(Path(root)), "judy": None}
    for student, fixture in submissions.items():
        when = DUE + datetime.timedelta(days=1) if student == "judy" else on_time
        coursework.submit(course_dir, student, ASSIGNMENT, coursework.student_notebook(course_dir, ASSIGNMENT, fixture),
                          when=when)
    folder = coursework.submit(course_dir, "oscar", ASSIGNMENT, coursework.student_notebook(course_dir, ASSIGNMENT, None),
                               when=on_time)
    (folder / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [ this is not JSON')
    run = coursework.nbgrader(course_dir, "autograde", ASSIGNMENT, check=False)  # oscar's failure makes it exit 1
    missing = [s for s in submissions if not (course_dir / "results" / ASSIGNMENT / s / f"{ASSIGNMENT}.json").exists()]
    if missing:
        raise RuntimeError(f"nbgrader autograde did not grade {missing}:\n{run.stderr[-6000:]}")
    coursework.nbgrader(course_dir, "generate_feedback", ASSIGNMENT)
    _built["course"] = course_dir
    return course_dir


def copy_of(course_dir: Path, target: Path) -> Path:
    """An independent copy (the browser test writes manual grades into its gradebook)."""
    shutil.copytree(course_dir, target, symlinks=True)
    config = target / "nbgrader_config.py"
    config.write_text(config.read_text().replace(repr(str(course_dir)), repr(str(target))))
    return target
