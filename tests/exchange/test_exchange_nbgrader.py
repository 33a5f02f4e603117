"""Real nbgrader commands against the secure exchange, as the current user (runs everywhere).

The multi-user version with real Unix accounts is test_exchange_multiuser.py; this one checks
that every stock command and the JupyterLab Assignments panel's backend work with the plugins.
"""

import json
import os
import pwd
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from autograder.exchange.client import ExchangeClient
from autograder.exchange.course_setup import init_course
from autograder.exchange.storage import CourseStore
from exchange_helpers import ASSIGNMENT, COURSE, answer, nbgrader_env, run, source_notebook

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
NBGRADER = [sys.executable, "-m", "nbgrader"]


@pytest.fixture(scope="module")
def released_once(tmp_path_factory):
    """ps1 generated and released once with the real commands, into a course of its own; each
    test then gets a copy in a fresh course (generate + release cost ~7 s of nbgrader start-ups)."""
    tmp = tmp_path_factory.mktemp("released")
    me = pwd.getpwuid(os.geteuid()).pw_name
    inst = str(tmp / "instructor" / COURSE)
    paths = init_course(COURSE, me, root=str(tmp / "exchange"), course_dir=inst, config_dir=str(tmp / "etc"),
                        systemd="no", say=lambda _: None)
    os.makedirs(os.path.join(inst, "source", ASSIGNMENT))
    with open(os.path.join(inst, "source", ASSIGNMENT, "ps1.ipynb"), "w") as fh:
        fh.write(source_notebook())
    home = str(tmp / "home")
    os.makedirs(home)
    env = nbgrader_env(home, str(tmp / "etc"))
    run(NBGRADER + ["generate_assignment", ASSIGNMENT], inst, env)
    out = run(NBGRADER + ["release_assignment", ASSIGNMENT], inst, env)
    assert "Released 1 file(s) as: mml ps1" in out.stderr
    return inst, paths["store"]


@pytest.fixture
def released(course, released_once):
    """Course with ps1 generated and released; returns (course, env, student_home)."""
    inst, store = released_once
    for name in ("source", "release"):
        shutil.copytree(os.path.join(inst, name), os.path.join(course["instructor"], name))
    shutil.copy2(os.path.join(inst, "gradebook.db"), os.path.join(course["instructor"], "gradebook.db"))
    shutil.copytree(os.path.join(store, "released", ASSIGNMENT), os.path.join(course["store"], "released", ASSIGNMENT))
    home = str(course["tmp"] / "home")
    os.makedirs(home)
    env = nbgrader_env(home, course["etc"])
    return course, env, home


def test_release_fetch_submit_list_collect_feedback(released):
    course, env, home = released
    inst = course["instructor"]
    run(NBGRADER + ["fetch_assignment", ASSIGNMENT, "--course", COURSE], home, env)
    nb_path = os.path.join(home, ASSIGNMENT, "ps1.ipynb")
    with open(os.path.join(inst, "release", ASSIGNMENT, "ps1.ipynb")) as fh:
        release_text = fh.read()
    with open(nb_path) as fh:
        assert fh.read() == release_text
    with ThreadPoolExecutor(2) as pool:  # independent commands run side by side (~2 s start-up each)
        again = pool.submit(run, NBGRADER + ["fetch_assignment", ASSIGNMENT, "--course", COURSE], home, env,
                            check=False)
        checkpoints = os.path.join(home, ASSIGNMENT, ".ipynb_checkpoints")  # what JupyterLab leaves on save
        os.makedirs(checkpoints)
        with open(os.path.join(checkpoints, "ps1-checkpoint.ipynb"), "w") as fh:
            fh.write(release_text)
        for version in ("v1", "v2"):
            with open(nb_path, "w") as fh:
                fh.write(answer(release_text, version))
            out = run(NBGRADER + ["submit", ASSIGNMENT, "--course", COURSE], home, env)
            assert "Submitted as: mml ps1" in out.stderr and "no due date set" in out.stderr
            # the ignore rules leave the checkpoint out of the archive: no "extra notebook" either
            assert "extra notebooks" not in out.stderr, out.stderr[-2000:]
        again = again.result()
    assert again.returncode != 0 and "already have a copy" in again.stderr

    with ThreadPoolExecutor(2) as pool:
        listed = pool.submit(run, NBGRADER + ["list", "--inbound", "--course", COURSE], home, env)
        out = run(NBGRADER + ["collect", ASSIGNMENT], inst, env)
        listed = listed.result()
    assert listed.stderr.count("mml ") >= 2
    assert "submission 2 of 2" in out.stderr
    me = os.listdir(os.path.join(inst, "submitted"))[0]
    with open(os.path.join(inst, "submitted", me, ASSIGNMENT, "ps1.ipynb")) as fh:
        assert "# v2" in fh.read()
    store = CourseStore(course["store"])
    records, problems = store.list_submissions(me, ASSIGNMENT)
    assert len(records) == 2 and not problems
    with open(os.path.join(inst, "submitted", me, ASSIGNMENT, "timestamp.txt")) as fh:
        assert fh.read() == records[-1]["timestamp"]

    # feedback: made by hand (autograde runs in the multi-user test), released, fetched
    fb_dir = os.path.join(inst, "feedback", me, ASSIGNMENT)
    os.makedirs(fb_dir)
    with open(os.path.join(fb_dir, "ps1.html"), "w") as fh:
        fh.write("<html>feedback for v2</html>")
    with open(os.path.join(fb_dir, "timestamp.txt"), "w") as fh:
        fh.write(records[-1]["timestamp"])
    out = run(NBGRADER + ["release_feedback", ASSIGNMENT], inst, env)
    assert "Released 1 feedback file(s)" in out.stderr
    cached = run(NBGRADER + ["list", "--cached", "--course", COURSE], home, env)
    assert "feedback ready to be fetched" in cached.stderr
    run(NBGRADER + ["fetch_feedback", ASSIGNMENT, "--course", COURSE], home, env)
    got = os.path.join(home, ASSIGNMENT, "feedback", records[-1]["timestamp"], "ps1.html")
    with open(got) as fh:
        assert fh.read() == "<html>feedback for v2</html>"


def test_lab_assignments_panel_backend(released):
    """The JupyterLab Assignments panel's server side (nbgrader's AssignmentList) works unchanged."""
    course, env, home = released
    script = f"""
import json, os
from nbgrader.server_extensions.assignment_list.handlers import AssignmentList
m = AssignmentList()
m.root_dir = os.getcwd()
out = {{"courses": m.list_courses()}}
out["fetch"] = m.fetch_assignment("{COURSE}", "{ASSIGNMENT}")
out["submit"] = m.submit_assignment("{COURSE}", "{ASSIGNMENT}")
out["list"] = m.list_assignments(course_id="{COURSE}")
out["fetch_feedback"] = m.fetch_feedback("{COURSE}", "{ASSIGNMENT}")
print(json.dumps(out))
"""
    proc = run([sys.executable, "-c", script], home, env)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["courses"] == {"success": True, "value": [COURSE]}
    assert out["fetch"]["success"] and out["submit"]["success"], out
    assert out["list"]["success"], out["list"]
    statuses = sorted(a["status"] for a in out["list"]["value"])
    assert statuses == ["fetched", "submitted"]
    submitted = [a for a in out["list"]["value"] if a["status"] == "submitted"][0]
    assert len(submitted["submissions"]) == 1
    assert submitted["submissions"][0]["has_exchange_feedback"] is False
    assert out["fetch_feedback"]["success"]


def test_collect_survives_damaged_entry_and_picks_by_rule(released):
    """A damaged submission is skipped with an error; everyone else is still collected."""
    course, env, home = released
    inst = course["instructor"]
    client = ExchangeClient(course["root"], COURSE)  # fetch and submit in-process: only collect matters here
    client.submit(ASSIGNMENT, client.fetch(ASSIGNMENT))
    store = CourseStore(course["store"])
    me = store.student_ids()[0]
    bad = os.path.join(store.submissions, "zed", ASSIGNMENT, "20000101T000000.000000Z")
    os.makedirs(bad)
    with open(os.path.join(bad, "meta.json"), "w") as fh:
        fh.write("{not json")
    out = run(NBGRADER + ["collect", ASSIGNMENT], inst, env)
    assert "skipping damaged submission" in out.stderr
    assert os.listdir(os.path.join(inst, "submitted")) == [me]
