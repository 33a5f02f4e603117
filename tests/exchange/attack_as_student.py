"""Run as a student by test_exchange_multiuser.py: try every attack and print what happened (JSON).

Each attempt records "refused: <why>" or "SUCCEEDED". Usage:
    python attack_as_student.py EXCHANGE_ROOT COURSE VICTIM ASSIGNMENT
"""

import io
import json
import os
import socket
import sys
import tarfile

from autograder.exchange.protocol import MAX_HEADER, Reader, encode, peer_credentials

root, course, victim, aid = sys.argv[1:5]
course_dir = os.path.join(root, course)
store = os.path.join(course_dir, "store")
sock_path = os.path.join(course_dir, "exchange.sock")
results = {}


def attempt(name, fn):
    try:
        fn()
    except OSError as e:
        results[name] = f"refused: {e.strerror}"
    else:
        results[name] = "SUCCEEDED"


def write(path, text="x"):
    with open(path, "w") as fh:
        fh.write(text)


# -- the file system: nothing of the course can be read, created, renamed or deleted -----------
attempt("list the store", lambda: os.listdir(store))
attempt("list another student's submissions", lambda: os.listdir(os.path.join(store, "submissions", victim)))
attempt("hand-make a submission as the victim",
        lambda: os.makedirs(os.path.join(store, "submissions", victim, aid, "29990101T000000.000000Z")))
attempt("read the released notebook in the store",
        lambda: open(os.path.join(store, "released", aid, aid + ".ipynb")).read())
attempt("tamper with the released notebook", lambda: write(os.path.join(store, "released", aid, aid + ".ipynb")))
attempt("read feedback in the store", lambda: os.listdir(os.path.join(store, "feedback")))
attempt("rename the course directory", lambda: os.rename(course_dir, course_dir + "-moved"))
attempt("squat a new course directory", lambda: os.mkdir(os.path.join(root, course + "2")))
attempt("create a file in the exchange root", lambda: write(os.path.join(root, "inbound")))
attempt("create a file in the course directory", lambda: write(os.path.join(course_dir, "inbound")))
attempt("replace the service socket", lambda: os.unlink(sock_path))
attempt("edit the service config", lambda: write(os.path.join(course_dir, "service.json"), "{}"))


# -- the protocol: hand-written requests -------------------------------------------------------
def raw(data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect(sock_path)
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        return Reader(s).header().get("error", "ACCEPTED")
    except Exception as e:  # the service may also just close the connection
        return f"connection ended: {e}"
    finally:
        s.close()


def tar_with(*infos):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for info, data in infos:
            tar.addfile(info, io.BytesIO(data) if data else None)
    return buf.getvalue()


def member(name, data=b"{}", kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, linkname, len(data) if kind == tarfile.REGTYPE else 0
    return info, data if kind == tarfile.REGTYPE else None


good = tar_with(member(aid + ".ipynb"))
results["raw: submit as the victim"] = raw(encode({"op": "submit", "assignment": aid, "student": victim, "v": 1}, good))
results["raw: submit with my own timestamp"] = raw(encode(
    {"op": "submit", "assignment": aid, "timestamp": "2000-01-01 00:00:00 UTC", "v": 1}, good))
results["raw: submit with a uid field"] = raw(encode({"op": "submit", "assignment": aid, "uid": 0, "v": 1}, good))
results["raw: list the victim's submissions"] = raw(encode({"op": "submissions", "student": victim}))
results["raw: fetch the victim's feedback"] = raw(encode({"op": "fetch_feedback", "assignment": aid, "student": victim}))
results["raw: symlink member"] = raw(encode({"op": "submit", "assignment": aid, "v": 1},
                                            tar_with(member("x.ipynb", kind=tarfile.SYMTYPE, linkname="/etc/shadow"))))
results["raw: hard link member"] = raw(encode({"op": "submit", "assignment": aid, "v": 1},
                                              tar_with(member("a.ipynb"), member("b.ipynb", kind=tarfile.LNKTYPE, linkname="a.ipynb"))))
results["raw: device member"] = raw(encode({"op": "submit", "assignment": aid, "v": 1},
                                           tar_with(member("dev", kind=tarfile.CHRTYPE))))
results["raw: path traversal"] = raw(encode({"op": "submit", "assignment": aid, "v": 1},
                                            tar_with(member("../../escape.ipynb"))))
results["raw: path traversal in assignment"] = raw(encode({"op": "submit", "assignment": "../x", "v": 1}, good))
results["raw: 1 GB declared payload"] = raw(json.dumps(
    {"op": "submit", "assignment": aid, "payload": 10**9, "v": 1}).encode() + b"\n")
results["raw: header without end"] = raw(b"{" + b" " * (MAX_HEADER + 10))
results["raw: not JSON"] = raw(b"hello\n")

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock_path)
results["service runs as uid"] = peer_credentials(s)[1]
s.close()
print(json.dumps(results))
