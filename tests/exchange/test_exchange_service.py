"""Unit tests of the submission service and its client, as the current user, service in a thread."""

import datetime
import io
import json
import os
import pwd
import socket
import tarfile
import time

import pytest

from autograder.exchange import deadlines
from autograder.exchange.archive import pack_files
from autograder.exchange.client import ClientError, ExchangeClient, unsafe_path_problems
from autograder.exchange.protocol import Reader, encode
from autograder.exchange.storage import CourseStore
from exchange_helpers import COURSE

pytestmark = pytest.mark.timeout(120)

ME = pwd.getpwuid(os.geteuid()).pw_name


def _release(course, files=None):
    """Put a released ps1 into the store, as release_assignment would."""
    d = os.path.join(course["store"], "released", "ps1")
    os.makedirs(d, exist_ok=True)
    for name, text in (files or {"ps1.ipynb": "{}"}).items():
        with open(os.path.join(d, name), "w") as fh:
            fh.write(text)


def _client(course, **kw):
    return ExchangeClient(course["root"], COURSE, **kw)


def _raw(course, data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(course["socket"])
    s.sendall(data)
    reply = Reader(s).header()
    s.close()
    return reply


def test_hello_names_the_kernel_verified_caller(course):
    hello = _client(course).hello()
    assert hello["user"] == ME and hello["course"] == COURSE
    assert hello["limits"]["max_file_bytes"] > 0


def test_fetch_and_submit_need_a_release(course):
    with pytest.raises(ClientError, match="'ps1' has not been released in course 'mml'"):
        _client(course).fetch("ps1")
    with pytest.raises(ClientError, match="has not been released"):
        _client(course).submit("ps1", pack_files({"ps1.ipynb": b"{}"}))


def test_submissions_are_stamped_by_the_service_in_order(course):
    _release(course, {"ps1.ipynb": "{}", "data.csv": "1,2"})
    client = _client(course)
    assert client.list_released() == [{"assignment": "ps1", "notebooks": ["ps1"], "files": ["data.csv", "ps1.ipynb"]}]
    assert set(t.name for t in tarfile.open(fileobj=io.BytesIO(client.fetch("ps1")))) == {"data.csv", "ps1.ipynb"}
    before = datetime.datetime.now(datetime.timezone.utc)
    replies = [client.submit("ps1", pack_files({"ps1.ipynb": b'{"v": %d}' % i})) for i in range(5)]
    after = datetime.datetime.now(datetime.timezone.utc)
    ids = [r["id"] for r in replies]
    assert ids == sorted(ids) and len(set(ids)) == 5
    records, problems = CourseStore(course["store"]).list_submissions(ME, "ps1")
    assert not problems and [r["id"] for r in records] == ids
    for r in records:
        assert before <= deadlines.parse_utc(r["stamped_utc"]) <= after
        assert r["uid"] == os.geteuid() and r["pid"] == os.getpid() and r["student"] == ME
    assert [s["id"] for s in client.submissions("ps1")] == ids
    assert replies[0]["status"] == "no due date set"


def test_student_must_be_the_caller(course):
    _release(course)
    client = _client(course)
    with pytest.raises(ClientError, match="you can only act as yourself, not as 'alice'"):
        client.submit("ps1", pack_files({"ps1.ipynb": b"{}"}), student="alice")
    with pytest.raises(ClientError, match="you can only act as yourself"):
        client.submissions(student="alice")
    assert client.submit("ps1", pack_files({"ps1.ipynb": b"{}"}), student=ME)["student"] == ME


def test_reserved_files_are_dropped_and_bad_notebooks_flagged(course):
    _release(course)
    reply = _client(course).submit("ps1", pack_files({
        "ps1.ipynb": b"not json", "timestamp.txt": b"2000-01-01 00:00:00 UTC", "sub/timestamp.txt": b"kept"}))
    assert reply["dropped"] == ["timestamp.txt"]
    assert reply["files"] == ["ps1.ipynb", "sub/timestamp.txt"]
    assert reply["warnings"] == ["ps1.ipynb: is not a valid notebook (not JSON); it cannot be graded"]


def test_submission_count_is_bounded(course):
    _release(course)
    course["server"].service.cfg["max_submissions"] = 2
    client = _client(course)
    for _ in range(2):
        client.submit("ps1", pack_files({"ps1.ipynb": b"{}"}))
    with pytest.raises(ClientError, match="already submitted 'ps1' 2 times"):
        client.submit("ps1", pack_files({"ps1.ipynb": b"{}"}))


def test_unsafe_archive_is_refused_with_every_problem(course):
    _release(course)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        link = tarfile.TarInfo("sol.ipynb")
        link.type, link.linkname = tarfile.SYMTYPE, "/home/instructor/source/ps1/ps1.ipynb"
        tar.addfile(link)
        tar.addfile(tarfile.TarInfo("../../x"), io.BytesIO(b""))
    with pytest.raises(ClientError, match="submission refused: sol.ipynb: is a symbolic link") as err:
        _client(course).submit("ps1", buf.getvalue())
    assert len(err.value.problems) == 2
    assert CourseStore(course["store"]).list_submissions(ME) == ([], [])


def test_lateness_uses_due_date_and_extension_from_the_gradebook(course, monkeypatch):
    from nbgrader.api import Gradebook
    import sys
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + ":" + os.environ["PATH"])  # nbgrader runs `alembic`
    _release(course)
    os.makedirs(course["instructor"], exist_ok=True)
    db = course["cfg"]["db_url"]
    with Gradebook(db, COURSE) as gb:
        gb.update_or_create_assignment("ps1", duedate=datetime.datetime.utcnow() - datetime.timedelta(hours=2))
    late = _client(course).submit("ps1", pack_files({"ps1.ipynb": b"{}"}))
    assert late["status"].startswith("LATE by 2h 00m") and late["late_seconds"] > 7200
    with Gradebook(db, COURSE) as gb:
        gb.update_or_create_student(ME)
        gb.add_submission("ps1", ME)
        gb.grant_extension("ps1", ME, hours=3)
    assert _client(course).submit("ps1", pack_files({"ps1.ipynb": b"{}"}))["status"] == "on time"


def test_feedback_is_only_the_callers(course):
    _release(course)
    client = _client(course)
    sid = client.submit("ps1", pack_files({"ps1.ipynb": b"{}"}))["id"]
    store = CourseStore(course["store"])
    for student, sub in ((ME, sid), ("alice", "20990101T000000.000000Z")):
        os.makedirs(store.feedback_dir(student, "ps1", sub))
        with open(os.path.join(store.feedback_dir(student, "ps1", sub), "ps1.html"), "w") as fh:
            fh.write(f"feedback for {student}")
    got = tarfile.open(fileobj=io.BytesIO(client.fetch_feedback("ps1")))
    assert [m.name.split("/")[1] for m in got] == ["ps1.html"]
    assert got.extractfile(got.getmembers()[0]).read() == f"feedback for {ME}".encode()
    assert client.submissions("ps1")[0]["feedback"].keys() == {"ps1"}


def test_service_survives_garbage_and_slow_clients(course):
    _release(course)
    assert "not valid JSON" in _raw(course, b"garbage\n")["error"]
    assert "over the limit" in _raw(course, encode({"op": "submit", "assignment": "ps1", "payload": 10**10, "v": 1}))["error"]
    course["server"].service.cfg["timeout"] = 0.5
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(course["socket"])
    s.sendall(b'{"op": "hel')  # and then nothing
    t0 = time.monotonic()
    reply = Reader(s).header()
    assert time.monotonic() - t0 < 5 and ("took too long" in reply["error"] or "timed out" in reply["error"])
    s.close()
    course["server"].service.cfg["timeout"] = 10
    assert _client(course).hello()["user"] == ME
    audit = [json.loads(line) for line in open(os.path.join(course["store"], "audit.log"))]
    assert any(not e["ok"] and "not valid JSON" in e["error"] for e in audit)
    assert all(e["uid"] == os.geteuid() for e in audit)


def test_one_user_cannot_take_every_connection(course):
    course["server"].service.cfg["max_connections_per_user"] = 2
    idle = []
    for _ in range(2):  # two requests that never finish
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(course["socket"])
        idle.append(s)
    time.sleep(0.3)
    with pytest.raises(ClientError, match="you already have requests in progress"):
        _client(course).hello()
    for s in idle:
        s.close()
    deadline = time.monotonic() + 15
    while True:  # the slots come back once the service notices the closed connections
        try:
            assert _client(course).hello()["user"] == ME
            break
        except ClientError:
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_client_refuses_a_service_not_run_by_the_course_owner(course):
    other = next((p.pw_name for p in pwd.getpwall() if p.pw_uid != os.geteuid()), None)
    if other is None:
        pytest.skip("needs a second account on this machine")
    with pytest.raises(ClientError, match="not safe to use"):
        _client(course, expected_owner=other).hello()


def test_client_refuses_a_course_dir_others_can_write(course):
    os.chmod(course["course"], 0o777)
    try:
        with pytest.raises(ClientError, match="writable by other users.*Nothing was sent"):
            _client(course).hello()
    finally:
        os.chmod(course["course"], 0o755)


def test_unsafe_path_problems(tmp_path):
    me = os.geteuid()
    (tmp_path / "open").mkdir()
    os.chmod(tmp_path / "open", 0o777)
    (tmp_path / "open" / "course").mkdir()
    assert any("writable by other users" in p for p in unsafe_path_problems(str(tmp_path / "open" / "course"), me))
    os.chmod(tmp_path / "open", 0o1777)  # sticky, like /tmp: others cannot rename our entry
    assert unsafe_path_problems(str(tmp_path / "open" / "course"), me) == []
    assert unsafe_path_problems(str(tmp_path / "open"), me) != []  # but the course dir itself may not be


def test_client_explains_a_missing_course_or_service(course):
    with pytest.raises(ClientError, match="course 'nope' is not set up"):
        ExchangeClient(course["root"], "nope").hello()
    course["server"].shutdown()
    course["server"].server_close()
    os.unlink(course["socket"])
    with pytest.raises(ClientError, match="not running"):
        _client(course).hello()
