"""The course submission service: the only way students reach the course store.

It runs as the course owner and listens on a Unix socket. For every connection it asks the
kernel who is calling (``SO_PEERCRED``: pid, uid, gid), so a student's identity is never taken
from anything the student sends, and it stamps each submission's time itself after the whole
archive has arrived and passed the checks. Students can only: list and fetch released
assignments, submit as themselves, and list/fetch their own submissions' feedback.

Why a service rather than a shared directory: in a directory every student can write, no
file-permission scheme stops a student from naming a submission after someone else, editing a
time stamp or squatting the course directory (see docs/exchange.md). A few hundred lines of
Python the instructor can read are easier to trust than a setuid helper.

Run: ``python -m autograder.exchange.service --config <root>/<course>/service.json``.
"""

import argparse
import datetime
import grp
import json
import logging
import os
import pwd
import signal
import socketserver
import stat
import threading
import time

from . import archive, deadlines
from .handlers import Refused, handle_request
from .protocol import ProtocolError, Reader, peer_credentials, send, validate_request
from .storage import CourseStore

log = logging.getLogger("autograder.exchange.service")

DEFAULTS = {
    "db_url": "", "timezone": "UTC", "timestamp_format": "%Y-%m-%d %H:%M:%S.%f %Z",
    "students_group": "", "min_uid": 0, "max_submissions": 100, "max_connections": 16,
    "max_connections_per_user": 3, "timeout": 60.0, "limits": {},
}


def load_config(path):
    """Read the service's JSON config (written by ``autograder course init``) with defaults."""
    with open(path) as fh:
        cfg = dict(DEFAULTS, **json.load(fh))
    missing = [k for k in ("course_id", "store", "socket") if not cfg.get(k)]
    if missing:
        raise ValueError(f"{path}: missing required setting(s) {', '.join(missing)}")
    unknown = set(cfg["limits"]) - set(archive.Limits().as_dict())
    if unknown:
        raise ValueError(f"{path}: unknown limit(s) {', '.join(sorted(unknown))}")
    cfg["limits"] = archive.Limits(**cfg["limits"])
    return cfg


class Service:
    """State shared by all connections: config, store, clock, connection slots."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.store = CourseStore(cfg["store"])
        self.limits = cfg["limits"]
        self.slots = threading.BoundedSemaphore(cfg["max_connections"])
        self._open = {}  # uid -> connections in progress, so one user cannot take every slot
        self._open_lock = threading.Lock()
        self._clock = threading.Lock()
        self._last = None
        from dateutil.tz import gettz
        self.tz = gettz(cfg["timezone"])
        if self.tz is None:
            raise ValueError(f"unknown timezone {cfg['timezone']!r}")
        sample = datetime.datetime.now(self.tz).strftime(cfg["timestamp_format"])
        if "/" in sample or "+" in sample:
            raise ValueError("timestamp_format must not produce '/' or '+' (they are path separators)")

    def stamp(self):
        """Return the current time (aware, UTC), strictly later than any stamp given before."""
        with self._clock:
            now = datetime.datetime.now(datetime.timezone.utc)
            if self._last is not None and now <= self._last:
                now = self._last + datetime.timedelta(microseconds=1)
            self._last = now
            return now

    def format_stamp(self, when):
        return when.astimezone(self.tz).strftime(self.cfg["timestamp_format"])

    def identify(self, uid):
        """Map the kernel-reported uid to a student id, or raise Refused with the reason."""
        try:
            user = pwd.getpwuid(uid)
        except KeyError:
            raise Refused(f"uid {uid} has no user name on this machine") from None
        if uid == os.geteuid():
            return user.pw_name
        if uid < self.cfg["min_uid"]:
            raise Refused(f"system account {user.pw_name!r} (uid {uid}) may not use the exchange")
        group = self.cfg["students_group"]
        if group:
            try:
                g = grp.getgrnam(group)
            except KeyError:
                raise Refused(f"the course's student group {group!r} does not exist; "
                              "tell your instructor") from None
            if user.pw_name not in g.gr_mem and user.pw_gid != g.gr_gid:
                raise Refused(f"{user.pw_name!r} is not enrolled in course "
                              f"{self.cfg['course_id']!r} (not in group {group!r})")
        return user.pw_name

    def enter(self, uid):
        """Take a connection slot for ``uid``; return an error message if none is free."""
        with self._open_lock:
            if self._open.get(uid, 0) >= self.cfg["max_connections_per_user"]:
                return "you already have requests in progress; wait for them to finish"
            if not self.slots.acquire(blocking=False):
                return "the exchange is busy; try again in a minute"
            self._open[uid] = self._open.get(uid, 0) + 1
        return None

    def leave(self, uid):
        with self._open_lock:
            self._open[uid] -= 1
            if not self._open[uid]:
                del self._open[uid]
            self.slots.release()

    def serve_connection(self, sock):
        """Handle one connection: one request, one reply; every outcome goes to the audit log."""
        pid, uid, gid = peer_credentials(sock)
        event = {"pid": pid, "uid": uid}
        reply, payload = {"ok": False}, b""
        try:
            reader = Reader(sock, deadline=time.monotonic() + self.cfg["timeout"])
            header = reader.header()  # read before refusing, so the client sees the reply
            event.update(op=header.get("op"), assignment=header.get("assignment"))
            event["user"] = user = self.identify(uid)
            req = validate_request(header)
            reply, payload = handle_request(self, user, uid, pid, req, reader)
        except (Refused, ProtocolError) as e:
            reply = {"ok": False, "error": str(e)}
        except archive.ArchiveError as e:
            reply = {"ok": False, "error": "submission refused: " + "; ".join(e.problems),
                     "problems": e.problems}
        except Exception:  # a bug must not take the service down for the whole class
            log.exception("internal error serving uid %s", uid)
            reply = {"ok": False, "error": "internal error in the exchange service (logged); "
                                           "tell your instructor"}
        event.update(ok=reply.get("ok", False), error=reply.get("error"), id=reply.get("id"))
        try:
            self.store.audit(event)
        except OSError:
            log.exception("could not write the audit log")
        try:
            send(sock, reply, payload)
        except (OSError, ProtocolError):
            pass


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        svc = self.server.service
        self.request.settimeout(svc.cfg["timeout"])
        uid = peer_credentials(self.request)[1]
        busy = svc.enter(uid)
        if busy:
            try:
                send(self.request, {"ok": False, "error": busy})
            except OSError:
                pass
            return
        try:
            svc.serve_connection(self.request)
        finally:
            svc.leave(uid)


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def _prepare_socket(path):
    """Remove a stale socket of ours; refuse anything else sitting at the socket's path."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.geteuid():
        raise RuntimeError(f"{path} exists and is not this service's socket; remove it by hand")
    os.unlink(path)


def make_server(cfg):
    """Check the store, bind the socket (mode 0666: who may do what is decided per request)."""
    svc = Service(cfg)
    svc.store.check_owner()
    os.chmod(svc.store.path, 0o700)
    _prepare_socket(cfg["socket"])
    server = _Server(cfg["socket"], _Handler)
    os.chmod(cfg["socket"], 0o666)
    server.service = svc
    return server


def start_in_thread(cfg):
    """Start a server in a daemon thread (tests, embedding); stop it with ``server.shutdown()``."""
    server = make_server(cfg)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.exchange.service",
                                     description="Run a course's submission service (as the course owner).")
    parser.add_argument("--config", required=True, help="path of service.json (see `autograder course init`)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    cfg = load_config(args.config)
    server = make_server(cfg)
    if cfg["db_url"]:
        threading.Thread(target=deadlines.preload, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    log.info("serving course %s on %s", cfg["course_id"], cfg["socket"])
    try:
        server.serve_forever()
    finally:
        server.server_close()
        try:
            os.unlink(cfg["socket"])
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
