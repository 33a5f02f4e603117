"""Unit tests of `autograder course init`/`status`, the CLI wiring and the collect rule."""

import argparse
import datetime
import json
import os
import pwd

import pytest

from autograder.exchange import cli, deadlines
from autograder.exchange.course_setup import SetupError, init_course
from autograder.exchange.nbgrader_exchange import FACTORY_CONFIG

pytestmark = pytest.mark.timeout(120)

ME = pwd.getpwuid(os.geteuid()).pw_name


def _init(tmp_path, **kw):
    lines = []
    args = dict(root=str(tmp_path / "exchange"), config_dir=str(tmp_path / "etc"), systemd="no", say=lines.append)
    args.update(kw)
    return init_course("mml", ME, **args), lines


def test_help_explains_what_init_does(capsys):
    with pytest.raises(SystemExit) as exited:  # in-process: `python -m autograder.exchange.cli` is cli.main
        cli.main(["course", "init", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for words in ("Set up a course's secure nbgrader exchange", "root-owned, 0755", "course store",
                  "service.json", "nbgrader_config.json", "systemd unit", "safe to run again", "--students-group"):
        assert words in out, words


def test_register_adds_one_course_command():
    parser = argparse.ArgumentParser(prog="autograder")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["course", "init", "mml", "--owner", "grader"])
    assert args.run is cli._cmd_init and args.course_id == "mml" and args.systemd == "auto"
    assert parser.parse_args(["course", "serve", "--config", "x.json"]).run is cli._cmd_serve


def test_init_creates_everything_and_says_so(tmp_path):
    paths, lines = _init(tmp_path, course_dir=str(tmp_path / "instructor" / "mml"), students_group="")
    text = "\n".join(lines)
    assert f"created  {paths['store']}" in text and "nbgrader_config.json" in text
    assert "start it as the course owner" in text and "-m autograder.exchange.service --config" in text
    assert oct(os.stat(paths["store"]).st_mode & 0o777) == "0o700"
    assert oct(os.stat(paths["course"]).st_mode & 0o777) == "0o755"
    cfg = json.load(open(paths["config"]))
    assert cfg["db_url"].endswith("instructor/mml/gradebook.db") and cfg["socket"].endswith("mml/exchange.sock")
    nb = json.load(open(tmp_path / "etc" / "nbgrader_config.json"))
    assert nb["ExchangeFactory"] == FACTORY_CONFIG and nb["Exchange"]["root"] == paths["root"]
    assert 'course_id = "mml"' in (tmp_path / "instructor" / "mml" / "nbgrader_config.py").read_text()


def test_init_again_repairs_and_keeps_other_settings(tmp_path):
    paths, _ = _init(tmp_path)
    (tmp_path / "etc" / "nbgrader_config.json").write_text(json.dumps({"CourseDirectory": {"course_id": "mml"}}))
    os.chmod(paths["store"], 0o755)
    os.chmod(paths["root"], 0o777)
    _, lines = _init(tmp_path)
    text = "\n".join(lines)
    assert "created" not in text
    assert f"chmod    {paths['store']} 0o755 -> 0o700" in text and f"chmod    {paths['root']} 0o777 -> 0o755" in text
    nb = json.load(open(tmp_path / "etc" / "nbgrader_config.json"))
    assert nb["CourseDirectory"] == {"course_id": "mml"} and "ExchangeFactory" in nb


def test_init_refuses_bad_input(tmp_path):
    with pytest.raises(SetupError, match="invalid course id"):
        init_course("../x", ME, root=str(tmp_path), say=lambda _: None)
    with pytest.raises(SetupError, match="no such user"):
        init_course("mml", "no-such-user-agx", root=str(tmp_path), say=lambda _: None)
    with pytest.raises(SetupError, match="no such group"):
        init_course("mml", ME, root=str(tmp_path), students_group="no-such-group-agx", say=lambda _: None)


def test_cli_init_reports_errors_with_status_1(capsys):
    assert cli.main(["course", "init", "mml", "--owner", "no-such-user-agx", "--systemd", "no"]) == 1
    assert "no such user" in capsys.readouterr().err


def test_status_reports_the_service(course, capsys):
    assert cli.main(["course", "status", "mml", "--exchange-root", course["root"]]) == 0
    out = capsys.readouterr().out
    assert f"you are {ME!r}" in out and "released: none" in out


UTC = datetime.timezone.utc


def _rec(minute):
    return {"id": str(minute), "stamped_utc": datetime.datetime(2025, 1, 1, 12, minute, tzinfo=UTC).isoformat()}


def test_collect_rules():
    records = [_rec(0), _rec(10), _rec(20)]
    due = datetime.datetime(2025, 1, 1, 12, 15, tzinfo=UTC)
    assert deadlines.choose(records, "last", due)["id"] == "20"
    assert deadlines.choose(records, "last_before_deadline", due)["id"] == "10"
    early = datetime.datetime(2025, 1, 1, 11, 0, tzinfo=UTC)
    assert deadlines.choose(records, "last_before_deadline", early)["id"] == "20"  # none on time: the last
    assert deadlines.choose(records, "last_before_deadline", None)["id"] == "20"
    assert deadlines.choose([], "last", due) is None
    with pytest.raises(ValueError, match="unknown collect rule"):
        deadlines.choose(records, "best", due)


def test_lateness_wording():
    due = datetime.datetime(2025, 1, 1, 12, 15, tzinfo=UTC)
    assert deadlines.lateness(_rec(10), due) == 0 and deadlines.lateness(_rec(10), None) is None
    assert deadlines.describe(deadlines.lateness(_rec(20), due)) == "LATE by 0h 05m 00s"
    assert deadlines.describe(0) == "on time" and deadlines.describe(None) == "no due date set"


def test_due_date_without_gradebook_is_none(tmp_path):
    assert deadlines.due_date("sqlite:///" + str(tmp_path / "missing.db"), "mml", "ps1", "alice") is None
    assert not (tmp_path / "missing.db").exists()
