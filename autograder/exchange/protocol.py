"""Wire format between students' nbgrader commands and the course submission service.

One message is one JSON object on one line (UTF-8, at most ``MAX_HEADER`` bytes), optionally
followed by exactly ``payload`` raw bytes (a tar archive). Why this shape:

* a line of JSON is trivial to read with a hard size limit *before* parsing, so a client cannot
  make the service allocate unbounded memory, and it is easy to inspect by hand (``socat``);
* the payload length is declared up front, so the service can refuse an oversized submission
  before reading a single byte of it;
* requests are checked against a fixed schema per operation: unknown fields are refused, not
  ignored, so a client cannot smuggle in a ``timestamp`` or a ``uid`` and hope it is used.

Nothing a client sends names *who* it is: identity comes from the kernel (``SO_PEERCRED``).
"""

import json
import re
import socket
import struct
import time

PROTOCOL_VERSION = 1
MAX_HEADER = 64 * 1024

#: Assignment ids (and notebook names) as nbgrader directory names: no path separators, no
#: leading dot, no ``+`` (nbgrader's own separator), bounded length.
NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
#: Unix user names we accept as student ids (the POSIX portable set, as useradd accepts).
USER_RE = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")

#: For each operation: {field: (type, required)}. ``op`` and ``v`` are always allowed.
SCHEMAS = {
    "hello": {},
    "list_released": {},
    "fetch": {"assignment": (str, True)},
    "submit": {"assignment": (str, True), "payload": (int, True), "student": (str, False)},
    "submissions": {"assignment": (str, False), "student": (str, False)},
    "fetch_feedback": {"assignment": (str, True), "student": (str, False)},
}


class ProtocolError(Exception):
    """Raised when a message breaks the wire format: too long, not JSON, wrong fields or types.

    The message is meant to be shown to whoever sent the bad message.
    """


def encode(header, payload=b""):
    """Return the bytes of one message; ``payload`` length is written into the header."""
    header = dict(header)
    if payload:
        header["payload"] = len(payload)
    line = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if len(line) >= MAX_HEADER:
        raise ProtocolError(f"message header is {len(line)} bytes; the limit is {MAX_HEADER}")
    return line + b"\n" + payload


def send(sock, header, payload=b""):
    """Send one message on a connected socket."""
    sock.sendall(encode(header, payload))


class Reader:
    """Reads messages from a socket with hard limits, buffering what arrives past a header."""

    def __init__(self, sock, deadline=None):
        self.sock = sock
        self.buf = b""
        self.deadline = deadline  # time.monotonic() value after which reading stops

    def _fill(self):
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError("took too long to send the message")
            self.sock.settimeout(min(left, self.sock.gettimeout() or left))
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            raise ProtocolError("timed out waiting for the rest of the message") from None
        if not chunk:
            raise ProtocolError("connection closed before the message was complete")
        self.buf += chunk

    def header(self):
        """Return the next header as a dict; refuse lines longer than ``MAX_HEADER``."""
        while b"\n" not in self.buf:
            if len(self.buf) >= MAX_HEADER:
                raise ProtocolError(f"message header longer than {MAX_HEADER} bytes")
            self._fill()
        line, self.buf = self.buf.split(b"\n", 1)
        if len(line) >= MAX_HEADER:
            raise ProtocolError(f"message header longer than {MAX_HEADER} bytes")
        try:
            obj = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ProtocolError(f"message header is not valid JSON: {e}") from None
        if not isinstance(obj, dict):
            raise ProtocolError("message header must be a JSON object")
        return obj

    def payload(self, size, limit):
        """Return exactly ``size`` bytes, refusing before reading if ``size`` exceeds ``limit``."""
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ProtocolError("payload size must be a non-negative integer")
        if size > limit:
            raise ProtocolError(f"payload of {size} bytes is over the limit of {limit} bytes")
        while len(self.buf) < size:
            self._fill()
        data, self.buf = self.buf[:size], self.buf[size:]
        return data


def check_name(value, what="assignment"):
    """Return ``value`` if it is a safe assignment/notebook name, else raise ProtocolError."""
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise ProtocolError(
            f"invalid {what} name {value!r}: use letters, digits, '_', '-', '.' "
            "(at most 64, not starting with '.')")
    return value


def validate_request(obj):
    """Check a request against its operation's schema and return it; raise ProtocolError."""
    op = obj.get("op")
    if op not in SCHEMAS:
        raise ProtocolError(f"unknown operation {op!r}; known: {', '.join(sorted(SCHEMAS))}")
    if obj.get("v", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {obj.get('v')!r} not supported "
                            f"(this service speaks version {PROTOCOL_VERSION})")
    schema = SCHEMAS[op]
    extra = sorted(set(obj) - set(schema) - {"op", "v"})
    if extra:
        hint = " (the service stamps the time itself)" if "timestamp" in extra else ""
        raise ProtocolError(f"field(s) not accepted for {op!r}: {', '.join(extra)}{hint}")
    for field, (typ, required) in schema.items():
        if field not in obj:
            if required:
                raise ProtocolError(f"{op!r} needs the field {field!r}")
            continue
        value = obj[field]
        if not isinstance(value, typ) or isinstance(value, bool):
            raise ProtocolError(f"field {field!r} must be of type {typ.__name__}")
    if "assignment" in obj:
        check_name(obj["assignment"])
    return obj


def peer_credentials(sock):
    """Return ``(pid, uid, gid)`` of the process at the other end, as the kernel reports it."""
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", raw)


def roundtrip(sock, header, payload=b"", max_reply_payload=512 * 2**20):
    """Send one request on a connected socket and return ``(reply_header, reply_payload)``."""
    try:
        send(sock, dict(header, v=PROTOCOL_VERSION), payload)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the service answered early (a refusal) and closed: its reply is still readable
    reader = Reader(sock)
    reply = reader.header()
    data = reader.payload(reply.get("payload", 0), max_reply_payload)
    return reply, data
