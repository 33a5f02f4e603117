"""LMS (Canvas) imports: file-name parsing, roster, latest attempt, the report, and real zip_collect."""

import os
import sys
import zipfile

import pytest

from autograder.exchange.lms import RosterError, load_roster, parse_name, plan
from exchange_helpers import nbgrader_env, run

pytestmark = pytest.mark.timeout(120)
ROSTER = "lms_id,student_id\n12345,alice\n22222,bob\n33333,carol\n"


@pytest.fixture
def roster(tmp_path):
    p = tmp_path / "roster.csv"
    p.write_text(ROSTER)
    return str(p)


def test_parse_canvas_names():
    f = parse_name("/x/alice_12345_67890_vector_calculus.ipynb")
    assert (f.lms_id, f.attachment, f.attempt, f.file_id, f.late) == ("12345", 67890, 0, "vector_calculus.ipynb", False)
    f = parse_name("smithjohn_late_22222_70001_vector_calculus-2.ipynb")
    assert (f.lms_id, f.attempt, f.file_id, f.late) == ("22222", 2, "vector_calculus.ipynb", True)
    assert parse_name("vector_calculus.ipynb") is None
    assert parse_name("alice_abc_67890_vector_calculus.ipynb") is None


def test_roster_is_checked(tmp_path, roster):
    assert load_roster(roster) == {"12345": "alice", "22222": "bob", "33333": "carol"}
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\n1,a\n")
    with pytest.raises(RosterError, match="lms_id,student_id"):
        load_roster(str(bad))
    bad.write_text("lms_id,student_id\n1,a\n1,b\n")
    with pytest.raises(RosterError, match="line 3: lms_id 1 appears twice"):
        load_roster(str(bad))
    with pytest.raises(RosterError, match="cannot read roster"):
        load_roster(str(tmp_path / "missing.csv"))


def test_plan_keeps_latest_attempt_and_reports_the_rest(roster):
    files = [
        "/e/alice_12345_67890_vector_calculus.ipynb",
        "/e/alice_12345_67912_vector_calculus-1.ipynb",
        "/e/alice_12345_67950_vector_calculus-2.ipynb",
        "/e/bob_late_22222_68000_vector_calculus.ipynb",
        "/e/mallory_99999_68001_vector_calculus.ipynb",
        "/e/vector_calculus.ipynb",
        "/e/alice_12345_67891_notes.txt",
    ]
    chosen, report = plan(files, load_roster(roster))
    assert chosen == {"/e/alice_12345_67950_vector_calculus-2.ipynb": ("alice", "vector_calculus.ipynb"),
                      "/e/bob_late_22222_68000_vector_calculus.ipynb": ("bob", "vector_calculus.ipynb")}
    text = "\n".join(report)
    assert text.count("older attempt skipped") == 2
    assert "unknown LMS id 99999 (not in the roster): mallory_99999_68001_vector_calculus.ipynb" in text
    assert "malformed name" in text and "vector_calculus.ipynb" in text
    assert "skipped (not a .ipynb file): alice_12345_67891_notes.txt" in text
    assert "marked late by the LMS: bob vector_calculus.ipynb" in text
    assert "no submission: carol" in text


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_real_zip_collect_imports_latest_attempts(tmp_path, roster):
    course = tmp_path / "course"
    (course / "release" / "vector_calculus").mkdir(parents=True)
    (course / "release" / "vector_calculus" / "vector_calculus.ipynb").write_text("{}")
    archive = course / "downloaded" / "vector_calculus" / "archive"
    archive.mkdir(parents=True)
    with zipfile.ZipFile(archive / "submissions.zip", "w") as z:
        z.writestr("alice_12345_67890_vector_calculus.ipynb", '{"attempt": 1}')
        z.writestr("alice_12345_67912_vector_calculus-1.ipynb", '{"attempt": 2}')
        z.writestr("bob_late_22222_68000_vector_calculus.ipynb", '{"bob": 1}')
        z.writestr("mallory_99999_68001_vector_calculus.ipynb", "{}")
        z.writestr("README.ipynb", "{}")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "mml"\n'
        'c.ZipCollectApp.collector_plugin = "autograder.exchange.lms.CanvasCollectorPlugin"\n'
        f'c.CanvasCollectorPlugin.roster = "{roster}"\n'
        f'c.CanvasCollectorPlugin.report = "{tmp_path / "report.txt"}"\n')
    home = tmp_path / "home"
    home.mkdir()
    env = nbgrader_env(str(home), str(tmp_path / "etc"))
    out = run([sys.executable, "-m", "nbgrader", "zip_collect", "vector_calculus"], str(course), env)
    submitted = course / "submitted"
    assert sorted(os.listdir(submitted)) == ["alice", "bob"]
    assert (submitted / "alice" / "vector_calculus" / "vector_calculus.ipynb").read_text() == '{"attempt": 2}'
    assert (submitted / "bob" / "vector_calculus" / "vector_calculus.ipynb").read_text() == '{"bob": 1}'
    report = (tmp_path / "report.txt").read_text()
    assert "unknown LMS id 99999" in report and "malformed name" in report and "no submission: carol" in report
    assert "LMS import: older attempt skipped" in out.stderr
