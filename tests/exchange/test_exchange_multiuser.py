"""Multi-user end to end: real Unix users, real nbgrader commands, the service, and every attack.

Creates an instructor and four students (unique names, removed afterwards even on failure),
runs release -> fetch -> submit (bob twice, carol once on time and once late, dave late but with
an extension) -> collect -> autograde -> feedback as those users with ``runuser``, then has bob
try every attack of issue 8 and checks each is refused and the others' data is unchanged.
"""

import datetime
import json
import os
import pwd
import shutil
import subprocess
import time

import pytest

from exchange_helpers import ASSIGNMENT, COURSE, source_notebook
from multiuser_world import RUNUSER, STUDENTS, World, course_init, parallel, prepare, snapshot, why_skip

pytestmark = [pytest.mark.slow, pytest.mark.multiuser, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def world():
    why = why_skip()
    if why:
        pytest.skip(why)
    w = World()
    try:
        prepare(w)
        yield w
    finally:
        w.cleanup()


EDIT = r"""import re, sys
p, marker = sys.argv[1], sys.argv[2]
text = re.sub(r"return a \+ b  # [\w-]+", "raise NotImplementedError()", open(p).read())
open(p, "w").write(text.replace("raise NotImplementedError()", "return a + b  # " + marker))
"""
DUE = """import datetime, sys
from nbgrader.api import Gradebook
with Gradebook(sys.argv[1], sys.argv[2]) as gb:
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    gb.update_or_create_assignment("ps1", duedate=now)
    gb.update_or_create_student(sys.argv[3])
    gb.add_submission("ps1", sys.argv[3])
    gb.grant_extension("ps1", sys.argv[3], hours=1)
print(now.isoformat())
"""
LATENESS = """import json, sys
from nbgrader.api import Gradebook
with Gradebook(sys.argv[1], sys.argv[2]) as gb:
    print(json.dumps({s.student.id: s.total_seconds_late for s in gb.find_assignment("ps1").submissions}))
"""
LAB = """import json, os
from nbgrader.server_extensions.assignment_list.handlers import AssignmentList
m = AssignmentList()
m.root_dir = os.getcwd()
print(json.dumps(m.list_assignments(course_id="mml")))
"""


def stamp_of(proc):
    """The service's time stamp from `nbgrader submit` output ('Submitted as: mml ps1 <stamp>')."""
    line = [ln for ln in proc.stderr.splitlines() if "Submitted as: " in ln][-1]
    return line.split("Submitted as: ")[1].split(" ", 2)[2].strip()


@pytest.fixture(scope="module")
def workflow(world):
    w, r = world, {}
    inst = os.path.join(w.home("instructor"), COURSE)
    init = course_init(w, inst)
    assert init.returncode == 0, init.stderr
    r["init"] = init.stdout
    cfg_path = os.path.join(w.root, COURSE, "service.json")
    with open(cfg_path) as fh:
        cfg = json.load(fh)
    cfg["limits"] = {"max_file_bytes": 2**20, "max_bytes": 4 * 2**20}
    with open(cfg_path, "w") as fh:
        json.dump(cfg, fh)

    w.start_service(cfg_path, wait=False)  # starts while the instructor generates and releases
    pw = pwd.getpwnam(w.users["instructor"])
    src = os.path.join(inst, "source", ASSIGNMENT)
    os.makedirs(src)
    with open(os.path.join(src, "ps1.ipynb"), "w") as fh:
        fh.write(source_notebook())
    for p in (os.path.dirname(src), src, os.path.join(src, "ps1.ipynb")):
        os.chown(p, pw.pw_uid, pw.pw_gid)
    w.nbgrader("instructor", "generate_assignment", ASSIGNMENT, cwd=inst)
    w.nbgrader("instructor", "release_assignment", ASSIGNMENT, cwd=inst)
    w.wait_for_service()

    def submit(who, marker):
        w.as_user(who, [w.python, "-c", EDIT, os.path.join(w.home(who), ASSIGNMENT, "ps1.ipynb"), marker])
        proc = w.nbgrader(who, "submit", ASSIGNMENT, "--course", COURSE)
        r.setdefault("stamps", {}).setdefault(who, []).append(stamp_of(proc))
        r.setdefault("submit_out", {}).setdefault(who, []).append(proc.stderr)

    # independent commands of different users run concurrently (each nbgrader start-up costs ~2 s);
    # the submissions stay one after another: their order is what the stamps are checked against
    parallel(*[lambda who=who: w.nbgrader(who, "fetch_assignment", ASSIGNMENT, "--course", COURSE)
               for who in STUDENTS])
    submit("alice", "alice-v1")
    submit("bob", "bob-v1")
    submit("bob", "bob-v2")
    submit("carol", "carol-v1")
    db = "sqlite:///" + os.path.join(inst, "gradebook.db")
    r["due"] = w.as_user("instructor", [w.python, "-c", DUE, db, COURSE, w.users["dave"]], cwd=inst).stdout.strip()
    time.sleep(0.2)
    submit("carol", "carol-v2-late")
    submit("dave", "dave-v1-extended")

    r["inbound"], r["collect1"] = [p.stderr for p in parallel(
        lambda: w.nbgrader("instructor", "list", "--inbound", "--course", COURSE, cwd=inst),
        lambda: w.nbgrader("instructor", "collect", "--before-duedate", ASSIGNMENT, cwd=inst))]
    r["collected1"] = collected(w, inst)
    r["collect2"] = w.nbgrader("instructor", "collect", "--update", ASSIGNMENT, cwd=inst).stderr
    r["collected2"] = collected(w, inst)
    w.nbgrader("instructor", "autograde", ASSIGNMENT, cwd=inst)
    late, _ = parallel(lambda: w.as_user("instructor", [w.python, "-c", LATENESS, db, COURSE], cwd=inst),
                       lambda: w.nbgrader("instructor", "generate_feedback", ASSIGNMENT, cwd=inst))
    r["late"] = json.loads(late.stdout)
    r["release_feedback"] = w.nbgrader("instructor", "release_feedback", ASSIGNMENT, cwd=inst).stderr
    lab, *_ = parallel(lambda: w.as_user("alice", [w.python, "-c", LAB]),
                       *[lambda who=who: w.nbgrader(who, "fetch_feedback", ASSIGNMENT, "--course", COURSE)
                         for who in ("bob", "carol")])
    r["lab"] = json.loads(lab.stdout.strip().splitlines()[-1])
    parallel(*[lambda who=who: w.nbgrader(who, "fetch_feedback", ASSIGNMENT, "--course", COURSE)
               for who in ("alice", "dave")])
    r["inst"] = inst
    return r


def collected(w, inst):
    """{student: (notebook text, timestamp.txt)} from the instructor's submitted/ directory."""
    out = {}
    for who in STUDENTS:
        d = os.path.join(inst, "submitted", w.users[who], ASSIGNMENT)
        with open(os.path.join(d, "ps1.ipynb")) as fh, open(os.path.join(d, "timestamp.txt")) as ts:
            out[who] = (fh.read(), ts.read())
    return out


def test_course_init_says_what_it_did(world, workflow):
    out = workflow["init"]
    for expected in ("created  " + world.root, "chown    ", "service.json", "nbgrader_config.json",
                     "start it as the course owner"):
        assert expected in out, out
    st = os.stat(os.path.join(world.root, COURSE, "store"))
    assert (st.st_mode & 0o777, st.st_uid) == (0o700, pwd.getpwnam(world.users["instructor"]).pw_uid)
    assert os.stat(world.root).st_mode & 0o777 == 0o755 and os.stat(world.root).st_uid == 0


def test_submissions_stamped_and_collected_by_rule(world, workflow):
    stamps = workflow["stamps"]
    order = [stamps["alice"][0], stamps["bob"][0], stamps["bob"][1], stamps["carol"][0],
             stamps["carol"][1], stamps["dave"][0]]
    from nbgrader.utils import parse_utc
    assert [parse_utc(s) for s in order] == sorted(parse_utc(s) for s in order), "stamps follow submission order"
    due = datetime.datetime.fromisoformat(workflow["due"])
    assert all(parse_utc(s) <= due for s in order[:4]) and all(parse_utc(s) > due for s in order[4:])
    assert "LATE by" in workflow["submit_out"]["carol"][1]
    assert "on time" in workflow["submit_out"]["dave"][0], "dave's extension makes him on time"
    assert sum(workflow["inbound"].count(world.users[s]) for s in STUDENTS) >= 6

    first = workflow["collected1"]  # --before-duedate: last on-time submission
    assert "# alice-v1" in first["alice"][0] and first["alice"][1] == stamps["alice"][0]
    assert "# bob-v2" in first["bob"][0] and first["bob"][1] == stamps["bob"][1]
    assert "# carol-v1" in first["carol"][0] and first["carol"][1] == stamps["carol"][0]
    assert "# dave-v1-extended" in first["dave"][0] and first["dave"][1] == stamps["dave"][0]
    assert "submission 1 of 2" in workflow["collect1"] and "LATE" not in workflow["collect1"]
    second = workflow["collected2"]  # --update with the default rule 'last'
    assert "# carol-v2-late" in second["carol"][0] and second["carol"][1] == stamps["carol"][1]
    assert "Updating submission: " + world.users["carol"] in workflow["collect2"]
    assert second["bob"] == first["bob"]

    late = {k[len(world.tag):]: v for k, v in workflow["late"].items()}
    assert late["c"] > 0 and late["a"] == late["b"] == late["d"] == 0, late


def test_each_student_gets_only_their_own_feedback(world, workflow):
    assert "Released 4 feedback file(s)" in workflow["release_feedback"]
    for who in STUDENTS:
        fb_root = os.path.join(world.home(who), ASSIGNMENT, "feedback")
        pages = [os.path.join(d, f) for d, _, fs in os.walk(fb_root) for f in fs]
        assert len(pages) == 1, pages
        with open(pages[0]) as fh:
            html = fh.read()
        assert f"{who}-v" in html
        assert not any(f"{other}-v" in html for other in STUDENTS if other != who)
    lab = workflow["lab"]
    assert lab["success"]
    subs = [a for a in lab["value"] if a["status"] == "submitted"]
    assert [a["student_id"] for a in subs] == [world.users["alice"]]
    assert subs[0]["submissions"][0]["has_exchange_feedback"] is True


def test_attacks_are_refused(world, workflow):
    w, inst = world, workflow["inst"]
    store = os.path.join(w.root, COURSE, "store")
    others = [w.users[s] for s in ("alice", "carol", "dave")]
    before = {u: (snapshot(os.path.join(store, "submissions", u)), snapshot(os.path.join(store, "feedback", u)))
              for u in others}
    released_before = snapshot(os.path.join(store, "released"))
    bob_count = len(os.listdir(os.path.join(store, "submissions", w.users["bob"], ASSIGNMENT)))

    # submit as someone else with the stock option; feedback of someone else, listing someone
    # else, deleting submissions (at most 3 at once: the service allows 3 connections per user)
    forged, fb, listed, removed = parallel(
        lambda: w.nbgrader("bob", "submit", ASSIGNMENT, "--course", COURSE, "--student", w.users["alice"], check=False),
        lambda: w.nbgrader("bob", "fetch_feedback", ASSIGNMENT, "--course", COURSE, "--student", w.users["alice"],
                           check=False),
        lambda: w.nbgrader("bob", "list", "--inbound", "--course", COURSE),
        lambda: w.nbgrader("bob", "list", "--inbound", "--remove", "--course", COURSE, check=False))
    assert forged.returncode != 0 and "you can only act as yourself" in forged.stderr, forged.stderr
    assert fb.returncode != 0 and "you can only act as yourself" in fb.stderr
    assert w.users["bob"] in listed.stderr and not any(u in listed.stderr for u in others)
    assert removed.returncode != 0 and "kept permanently" in removed.stderr

    # symlink (to the instructor's solution), FIFO and oversized file in a submission: each in its
    # own copy of bob's assignment directory, submitted concurrently
    work = os.path.join(w.home("bob"), ASSIGNMENT)
    cases = []
    for i, (make, expected) in enumerate((
        (lambda d: ["ln", "-s", os.path.join(inst, "source", ASSIGNMENT, "ps1.ipynb"), os.path.join(d, "solution.ipynb")],
         "solution.ipynb: is a symbolic link"),
        (lambda d: ["mkfifo", os.path.join(d, "pipe")], "pipe: is a special file"),
        (lambda d: ["dd", "if=/dev/zero", "of=" + os.path.join(d, "big.bin"), "bs=1M", "count=2"],
         "big.bin: is 2.0 MiB, larger than the limit of 1.0 MiB"),
    )):
        top = os.path.join(w.home("bob"), f"bad{i}")
        w.as_user("bob", ["mkdir", top])
        w.as_user("bob", ["cp", "-r", work, top])
        w.as_user("bob", make(os.path.join(top, ASSIGNMENT)))
        cases.append((top, expected))
    refusals = parallel(*[lambda top=top: w.nbgrader("bob", "submit", ASSIGNMENT, "--course", COURSE, cwd=top,
                                                     check=False) for top, _ in cases])
    for (_, expected), refused in zip(cases, refusals):
        assert refused.returncode != 0 and expected in refused.stderr, refused.stderr
        assert "nothing was sent" in refused.stderr
    assert len(os.listdir(os.path.join(store, "submissions", w.users["bob"], ASSIGNMENT))) == bob_count

    # forge the time: a timestamp.txt of his own is dropped, the service's stamp counts
    w.as_user("bob", ["sh", "-c", f"echo '2000-01-01 00:00:00.000000 UTC' > {work}/timestamp.txt"])
    sub = w.nbgrader("bob", "submit", ASSIGNMENT, "--course", COURSE)
    assert "Ignored timestamp.txt" in sub.stderr and "LATE by" in sub.stderr
    new_stamp = stamp_of(sub)
    assert not new_stamp.startswith("2000")

    # every direct and hand-written attack, from attack_as_student.py
    script = os.path.join(os.path.dirname(__file__), "attack_as_student.py")
    shutil.copy(script, os.path.join(w.base, "attack.py"))
    os.chmod(os.path.join(w.base, "attack.py"), 0o644)
    attack, outsider = parallel(
        lambda: w.as_user("bob", [w.python, os.path.join(w.base, "attack.py"), w.root, COURSE,
                                  w.users["alice"], ASSIGNMENT]),
        lambda: subprocess.run(  # an account outside the course group is refused by the service
            [RUNUSER, "-u", "nobody", "--", w.python, "-m", "autograder.exchange.cli", "course", "status", COURSE,
             "--exchange-root", w.root], env=dict(w.env("alice"), HOME="/"), capture_output=True, text=True,
            timeout=120, cwd="/"))
    res = json.loads(attack.stdout)
    succeeded = [k for k, v in res.items() if v in ("SUCCEEDED", "ACCEPTED")]
    assert not succeeded, res
    assert res["raw: submit as the victim"].startswith("you are logged in as")
    assert "the service stamps the time itself" in res["raw: submit with my own timestamp"]
    assert "not accepted" in res["raw: submit with a uid field"]
    assert "symbolic link" in res["raw: symlink member"] and "hard link" in res["raw: hard link member"]
    assert "special file" in res["raw: device member"] and "outside" in res["raw: path traversal"]
    assert "over the limit" in res["raw: 1 GB declared payload"]
    assert res["service runs as uid"] == pwd.getpwnam(w.users["instructor"]).pw_uid
    assert all(v.startswith("refused: ") for k, v in res.items() if not k.startswith(("raw", "service"))), res

    # an account outside the course group is refused by the service
    assert outsider.returncode != 0 and "not enrolled" in outsider.stderr, outsider.stderr

    # nothing of the other students changed; collection still works for everyone
    after = {u: (snapshot(os.path.join(store, "submissions", u)), snapshot(os.path.join(store, "feedback", u)))
             for u in others}
    assert after == before
    assert snapshot(os.path.join(store, "released")) == released_before
    # ... and a fresh fetch still gets the instructor's release byte for byte
    w.as_user("alice", ["mkdir", "-p", os.path.join(w.home("alice"), "again")])
    parallel(lambda: w.nbgrader("instructor", "collect", "--update", ASSIGNMENT, cwd=inst),
             lambda: w.nbgrader("alice", "fetch_assignment", ASSIGNMENT, "--course", COURSE,
                                cwd=os.path.join(w.home("alice"), "again")))
    now = collected(w, inst)
    assert now["bob"][1] == new_stamp
    assert {s: now[s] for s in ("alice", "carol", "dave")} == {s: workflow["collected2"][s] for s in ("alice", "carol", "dave")}
    with open(os.path.join(inst, "release", ASSIGNMENT, "ps1.ipynb"), "rb") as a, \
            open(os.path.join(w.home("alice"), "again", ASSIGNMENT, "ps1.ipynb"), "rb") as b:
        assert a.read() == b.read()
