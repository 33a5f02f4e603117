"""Student-side client of the course submission service.

Before sending anything, the client checks that it is talking to the course's real service:

* every directory from ``/`` down to the course directory is owned by root or the course owner
  and is not writable by others (or is sticky), so no student can have renamed, replaced or
  squatted it;
* the socket is owned by the course owner;
* after connecting, the kernel reports (``SO_PEERCRED``) that the process answering runs as the
  course owner.

Why: in stock nbgrader a student who squats or swaps the course directory in the world-writable
exchange root receives everyone's submissions or serves them a tampered notebook, and nobody is
warned. Here a squatter cannot create the path, and if the path were ever wrong the client
refuses to send the submission, with a message saying so.
"""

import os
import pwd
import socket
import stat

from .protocol import ProtocolError, peer_credentials, roundtrip

SOCKET_NAME = "exchange.sock"
STORE_NAME = "store"
CONFIG_NAME = "service.json"


class ClientError(Exception):
    """Raised when the service refuses a request or cannot be reached safely; message is for humans."""


def _name(uid):
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def unsafe_path_problems(path, owner):
    """Why ``path`` (a real path) could be renamed or replaced by someone other than root/``owner``.

    Every directory from ``/`` down must be owned by root or ``owner`` and not writable by
    group/others, except that a sticky ancestor (like /tmp) is fine: others cannot rename what
    they do not own inside it. ``path`` itself must be owned by ``owner`` (or root) and not
    writable by others even if sticky. Returns a list of problems (empty = safe).
    """
    problems, current = [], "/"
    parts = [p for p in path.split("/") if p]
    for i in range(len(parts) + 1):
        try:
            st = os.lstat(current)
        except OSError as e:
            return problems + [f"{current} cannot be inspected ({e.strerror})"]
        last = i == len(parts)
        if stat.S_ISLNK(st.st_mode):
            problems.append(f"{current} is a symbolic link")
        elif st.st_uid not in (0, owner):
            problems.append(f"{current} is owned by {_name(st.st_uid)!r}")
        elif st.st_mode & 0o022 and (last or not st.st_mode & stat.S_ISVTX):
            problems.append(f"{current} is writable by other users (mode {oct(st.st_mode & 0o7777)})")
        if not last:
            current = os.path.join(current, parts[i])
    return problems


class ExchangeClient:
    """Talks to one course's service at ``<root>/<course_id>/exchange.sock``."""

    def __init__(self, root, course_id, expected_owner="", timeout=120.0):
        self.root = root
        self.course_id = course_id
        self.course_dir = os.path.join(root, course_id)
        self.socket_path = os.path.join(self.course_dir, SOCKET_NAME)
        self.expected_owner = expected_owner
        self.timeout = timeout

    def _unsafe(self, why):
        return ClientError(
            f"the exchange for course {self.course_id!r} at {self.course_dir} is not safe to use: "
            f"{why}. Nothing was sent. Tell your instructor (another user may have tampered with it).")

    def owner_uid(self):
        """The uid the course directory, socket and service must all belong to."""
        if self.expected_owner:
            try:
                return pwd.getpwnam(self.expected_owner).pw_uid
            except KeyError:
                raise ClientError(f"course owner {self.expected_owner!r} does not exist") from None
        try:
            return os.lstat(self.course_dir).st_uid
        except FileNotFoundError:
            raise ClientError(f"course {self.course_id!r} is not set up on this machine "
                              f"(no {self.course_dir}); check the course name") from None

    def verify_path(self):
        """Check ownership and modes from ``/`` to the socket; return the owner uid."""
        owner = self.owner_uid()
        if os.path.islink(self.course_dir):
            raise self._unsafe("the course directory is a symbolic link")
        real = os.path.realpath(self.course_dir)
        problems = unsafe_path_problems(real, owner)
        if problems:
            raise self._unsafe(problems[0])
        try:
            st = os.lstat(os.path.join(real, SOCKET_NAME))
        except FileNotFoundError:
            raise ClientError(f"the exchange service of course {self.course_id!r} is not running "
                              "(no socket); tell your instructor") from None
        if not stat.S_ISSOCK(st.st_mode) or st.st_uid != owner:
            raise self._unsafe("the service socket is not a socket owned by the course owner")
        return owner

    def call(self, header, payload=b"", max_reply_payload=512 * 2**20):
        """Send one request; return ``(reply, reply_payload)`` or raise ClientError with the reason."""
        owner = self.verify_path()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            try:
                sock.connect(self.socket_path)
            except OSError as e:
                raise ClientError(f"cannot reach the exchange service of course {self.course_id!r} "
                                  f"({e.strerror}); is it running? Tell your instructor") from None
            _, peer_uid, _ = peer_credentials(sock)
            if peer_uid != owner:
                raise self._unsafe(f"the process answering runs as {_name(peer_uid)!r}, "
                                   f"not as the course owner {_name(owner)!r}")
            reply, data = roundtrip(sock, header, payload, max_reply_payload)
        except (ProtocolError, OSError) as e:
            raise ClientError(f"exchange service of course {self.course_id!r}: {e}") from None
        finally:
            sock.close()
        if not reply.get("ok"):
            err = ClientError(f"course {self.course_id!r}: {reply.get('error', 'request refused')}")
            err.problems = reply.get("problems", [])
            raise err
        return reply, data

    # Convenience wrappers, one per operation of protocol.SCHEMAS.
    def hello(self):
        return self.call({"op": "hello"})[0]

    def list_released(self):
        return self.call({"op": "list_released"})[0]["assignments"]

    def fetch(self, assignment):
        return self.call({"op": "fetch", "assignment": assignment})[1]

    def submit(self, assignment, tar_bytes, student=None):
        header = {"op": "submit", "assignment": assignment, "payload": len(tar_bytes)}
        if student is not None:
            header["student"] = student
        return self.call(header, tar_bytes)[0]

    def submissions(self, assignment=None, student=None):
        header = {"op": "submissions"}
        if assignment:
            header["assignment"] = assignment
        if student is not None:
            header["student"] = student
        return self.call(header)[0]["submissions"]

    def fetch_feedback(self, assignment, student=None):
        header = {"op": "fetch_feedback", "assignment": assignment}
        if student is not None:
            header["student"] = student
        return self.call(header)[1]
