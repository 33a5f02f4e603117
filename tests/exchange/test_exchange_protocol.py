"""Unit tests of the wire format: framing, limits and strict request schemas."""

import json
import os
import socket

import pytest

from autograder.exchange.protocol import (MAX_HEADER, ProtocolError, Reader, encode, peer_credentials,
                                          send, validate_request)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def pair():
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    a.settimeout(5)
    b.settimeout(5)
    yield a, b
    a.close()
    b.close()


def test_header_and_payload_round_trip(pair):
    a, b = pair
    send(a, {"op": "submit", "assignment": "ps1"}, b"\x00tar bytes")
    send(a, {"op": "hello"})
    r = Reader(b)
    h = r.header()
    assert h == {"op": "submit", "assignment": "ps1", "payload": 10}
    assert r.payload(h["payload"], 100) == b"\x00tar bytes"
    assert r.header() == {"op": "hello"}


def test_header_longer_than_limit_is_refused(pair):
    a, b = pair
    a.sendall(b"{" + b" " * MAX_HEADER)
    with pytest.raises(ProtocolError, match="longer than"):
        Reader(b).header()


@pytest.mark.parametrize("line, message", [(b"hello\n", "not valid JSON"), (b"[1, 2]\n", "must be a JSON object"),
                                           (b"\xff\xfe\n", "not valid JSON")])
def test_header_must_be_a_json_object(pair, line, message):
    a, b = pair
    a.sendall(line)
    with pytest.raises(ProtocolError, match=message):
        Reader(b).header()


def test_oversized_payload_is_refused_before_reading(pair):
    _, b = pair  # nothing is ever sent: refusing must not wait for the bytes
    with pytest.raises(ProtocolError, match="over the limit of 100 bytes"):
        Reader(b).payload(10**9, 100)
    with pytest.raises(ProtocolError, match="non-negative integer"):
        Reader(b).payload(-1, 100)


def test_connection_closed_mid_message(pair):
    a, b = pair
    a.sendall(b'{"op": "hel')
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(ProtocolError, match="connection closed"):
        Reader(b).header()


def test_encode_refuses_an_oversized_header():
    with pytest.raises(ProtocolError, match="limit"):
        encode({"op": "hello", "junk": "x" * MAX_HEADER})


@pytest.mark.parametrize("req, message", [
    ({"op": "delete_everything"}, "unknown operation"),
    ({"op": "submit", "assignment": "ps1", "payload": 3, "timestamp": "2000-01-01"},
     "the service stamps the time itself"),
    ({"op": "submit", "assignment": "ps1", "payload": 3, "uid": 0}, "not accepted"),
    ({"op": "submit", "assignment": "ps1"}, "needs the field 'payload'"),
    ({"op": "submit", "assignment": "ps1", "payload": "3"}, "must be of type int"),
    ({"op": "submit", "assignment": "ps1", "payload": True}, "must be of type int"),
    ({"op": "fetch", "assignment": "../etc"}, "invalid assignment name"),
    ({"op": "fetch", "assignment": ".hidden"}, "invalid assignment name"),
    ({"op": "fetch", "assignment": "a+b"}, "invalid assignment name"),
    ({"op": "fetch", "assignment": "x" * 65}, "invalid assignment name"),
    ({"op": "hello", "v": 99}, "protocol version 99 not supported"),
])
def test_requests_are_checked_strictly(req, message):
    with pytest.raises(ProtocolError, match=message.replace("(", r"\(").replace("+", r"\+")):
        validate_request(req)


def test_valid_requests_pass_unchanged():
    req = {"op": "submit", "assignment": "vector_calculus", "payload": 10, "student": "alice", "v": 1}
    assert validate_request(dict(req)) == req
    assert validate_request({"op": "submissions"}) == {"op": "submissions"}


def test_peer_credentials_come_from_the_kernel(pair):
    a, _ = pair
    pid, uid, gid = peer_credentials(a)
    assert (pid, uid, gid) == (os.getpid(), os.getuid(), os.getgid())


def test_encoded_header_is_one_sorted_json_line():
    data = encode({"op": "hello", "v": 1})
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert json.loads(data) == {"op": "hello", "v": 1}
