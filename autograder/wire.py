"""The plain-data format spoken across the sandbox boundary.

Both sides import this module: the sandbox runner to encode what student code returns, the
trusted side to decode it. Only data crosses: JSON with a few tagged forms for what JSON cannot
express (ndarrays with dtype and shape, NumPy scalars, tuples, complex and non-finite floats).
Decoding is strict: unknown tags, disallowed dtypes, inconsistent shapes, deep nesting or
oversized frames raise :class:`WireError`. Nothing decoded can run code: the result is built only
from ``dict``, ``list``, ``tuple``, ``str``, ``int``, ``float``, ``complex``, ``bool``, ``None``,
plain ``numpy.ndarray`` (never a subclass) and NumPy scalars.

This module imports only the standard library and NumPy, so the sandbox may import it.
"""
from __future__ import annotations

import base64
import json
import math
import struct
# Bound now, as names of this module: a student's cell runs `builtins.float = ...` in the same process,
# and the runner must still encode her answers (and decode requests) with the real ones.
from builtins import (BaseException, MemoryError, OverflowError, RecursionError, StopIteration, TypeError,
                      UnicodeError, ValueError, abs, getattr,
                      all, bool, bytes, complex, dict, float, int, isinstance, issubclass, len, list, repr, set,
                      str, tuple, type)

import numpy as np

MAX_FRAME_BYTES = 64 * 1024 * 1024  # one message, either direction
MAX_DEPTH = 32
MAX_ITEMS = 100_000  # list/dict entries in one message, arrays excluded
ALLOWED_DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "complex64", "complex128"]
)
_HEADER = struct.Struct(">I")
# After the checks' fork, the runner skips unread request bytes up to this marker and echoes the nonce
# after it. Eight 0xff bytes never occur in a frame: a header is below 0x04000000, a body is UTF-8.
SYNC_MARKER = b"\xff" * 8 + b"autograder-sync:"
SYNC_NONCE_BYTES = 32  # hex digits


class WireError(ValueError):
    """Raised when a message cannot be encoded or does not decode to plain data."""


class Unsupported:
    """A value the sandbox could not send as data: its type name and a capped repr.

    The trusted side receives it in place of the value and reports it as a wrong type.
    """

    __slots__ = ("type_name", "text")

    def __init__(self, type_name: str, text: str):
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"Unsupported({self.type_name})"

    def __eq__(self, other):
        return isinstance(other, Unsupported) and (self.type_name, self.text) == (other.type_name, other.text)

    __hash__ = None


# ---------------------------------------------------------------------------------- encoding
def _type_name(value) -> str:
    cls = type(value)
    return f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__qualname__


def _safe_repr(value, limit: int = 200) -> str:
    try:
        text = repr(value)
    except BaseException as exc:  # a hostile __repr__ must not stop encoding
        text = f"<repr failed: {type(exc).__name__}>"
    return text if len(text) <= limit else text[:limit] + "…"


def _float(x: float):
    if math.isfinite(x):
        return x
    return {"__float__": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def to_data(value, _depth: int = 0):
    """Convert ``value`` into JSON-ready data with tags; anything else becomes Unsupported."""
    if _depth > MAX_DEPTH:
        raise WireError(f"value nested deeper than {MAX_DEPTH} levels")
    cls = type(value)
    if value is None or cls is bool or cls is str:
        return value
    if cls is int:
        return value if abs(value) < 2**63 else {"__bigint__": str(value)}
    if cls is float:
        return _float(value)
    if cls is complex:
        return {"__complex__": [_float(value.real), _float(value.imag)]}
    if cls is np.ndarray or isinstance(value, np.ndarray):
        arr = np.asarray(value)
        dtype = arr.dtype.name
        if dtype not in ALLOWED_DTYPES:
            return {"__unsupported__": [f"numpy.ndarray[{dtype}]", _safe_repr(arr)]}
        out = {
            "__ndarray__": {
                "dtype": dtype,
                "shape": list(arr.shape),
                "data": base64.b64encode(np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()).decode("ascii"),
            }
        }
        if cls is not np.ndarray:
            out["__ndarray__"]["subclass"] = _type_name(value)
        return out
    if isinstance(value, np.str_):  # classify_critical_point returning np.str_ answered a plain string
        return str(value)
    if isinstance(value, np.bool_):  # a comparison of NumPy values answers a yes/no: send it as one
        return bool(value)
    if isinstance(value, np.generic):
        dtype = value.dtype.name
        if dtype not in ALLOWED_DTYPES:
            return {"__unsupported__": [_type_name(value), _safe_repr(value)]}
        arr = np.asarray(value)
        return {"__scalar__": {"dtype": dtype, "data": base64.b64encode(arr.astype(arr.dtype.newbyteorder("<")).tobytes()).decode("ascii")}}
    if isinstance(value, type) and issubclass(value, np.generic) and np.dtype(value).name in ALLOWED_DTYPES:
        return {"__sctype__": np.dtype(value).name}  # np.float32 as an argument: machine_epsilon(np.float32)
    if isinstance(value, np.dtype) and value.name in ALLOWED_DTYPES:
        return {"__dtype__": value.name}
    if cls is list:
        return [to_data(v, _depth + 1) for v in value]
    if cls is tuple:
        return {"__tuple__": [to_data(v, _depth + 1) for v in value]}
    if cls is dict and all(type(k) is str for k in value):
        return {"__dict__": {k: to_data(v, _depth + 1) for k, v in value.items()}}
    return {"__unsupported__": [_type_name(value), _safe_repr(value)]}


def encode(message) -> bytes:
    """One framed message: a 4-byte big-endian length, then UTF-8 JSON."""
    body = _dumps(to_data(message)).encode("utf-8")
    if len(body) > MAX_FRAME_BYTES:
        raise WireError(f"message of {len(body)} bytes exceeds the {MAX_FRAME_BYTES}-byte limit")
    return _HEADER.pack(len(body)) + body


# ---------------------------------------------------------------------------------- decoding
class _Budget:
    def __init__(self):
        self.items = 0

    def spend(self, n: int):
        self.items += n
        if self.items > MAX_ITEMS:
            raise WireError(f"message has more than {MAX_ITEMS} items")


def _decode_float(tagged) -> float:
    if type(tagged) in (int, float) and type(tagged) is not bool:
        return float(tagged)
    if type(tagged) is dict and set(tagged) == {"__float__"} and tagged["__float__"] in ("nan", "inf", "-inf"):
        return float(tagged["__float__"])
    raise WireError(f"bad float encoding: {str(tagged)[:80]}")


def _decode_bytes(spec: dict, keys: set) -> tuple[np.dtype, bytes]:
    if type(spec) is not dict or set(spec) - keys or not {"dtype", "data"} <= set(spec):
        raise WireError("bad array encoding")
    dtype = spec["dtype"]
    if type(dtype) is not str or dtype not in ALLOWED_DTYPES:
        raise WireError(f"dtype {str(dtype)[:40]!r} is not allowed")
    if type(spec["data"]) is not str:
        raise WireError("array data must be base64 text")
    try:
        raw = base64.b64decode(spec["data"].encode("ascii"), validate=True)
    except (ValueError, UnicodeError) as exc:
        raise WireError(f"array data is not valid base64: {exc}") from None
    return np.dtype(dtype).newbyteorder("<"), raw


def _from_data(obj, depth: int, budget: _Budget):
    if depth > MAX_DEPTH:
        raise WireError(f"message nested deeper than {MAX_DEPTH} levels")
    kind = type(obj)
    if obj is None or kind in (bool, str, int, float):
        return obj
    if kind is list:
        budget.spend(len(obj))
        return [_from_data(v, depth + 1, budget) for v in obj]
    if kind is not dict or len(obj) != 1:
        raise WireError("untagged object in message")
    (tag, body), = obj.items()
    if tag == "__float__":
        return _decode_float(obj)
    if tag == "__bigint__" and type(body) is str and len(body) < 5000:
        try:
            return int(body)
        except ValueError:
            raise WireError("bad big integer") from None
    if tag == "__complex__" and type(body) is list and len(body) == 2:
        return complex(_decode_float(body[0]), _decode_float(body[1]))
    if tag == "__tuple__" and type(body) is list:
        budget.spend(len(body))
        return tuple(_from_data(v, depth + 1, budget) for v in body)
    if tag == "__dict__" and type(body) is dict:
        budget.spend(len(body))
        return {str(k): _from_data(v, depth + 1, budget) for k, v in body.items()}
    if tag == "__unsupported__" and type(body) is list and len(body) == 2 and all(type(s) is str for s in body):
        return Unsupported(body[0][:200], body[1][:300])
    if tag in ("__sctype__", "__dtype__"):
        if type(body) is not str or body not in ALLOWED_DTYPES:
            raise WireError(f"dtype {str(body)[:40]!r} is not allowed")
        return np.dtype(body).type if tag == "__sctype__" else np.dtype(body)
    if tag == "__scalar__":
        dtype, raw = _decode_bytes(body, {"dtype", "data"})
        if len(raw) != dtype.itemsize:
            raise WireError("scalar has the wrong number of bytes")
        return np.frombuffer(raw, dtype=dtype)[0].astype(dtype.newbyteorder("="))
    if tag == "__ndarray__":
        dtype, raw = _decode_bytes(body, {"dtype", "data", "shape", "subclass"})
        shape = body.get("shape")
        if type(shape) is not list or len(shape) > 32 or not all(type(n) is int and 0 <= n < 2**31 for n in shape):
            raise WireError("bad array shape")
        if math.prod(shape) * dtype.itemsize != len(raw):
            raise WireError("array data does not match its shape and dtype")
        try:
            arr = np.frombuffer(raw, dtype=dtype).astype(dtype.newbyteorder("="), copy=True).reshape(shape)
        except (ValueError, MemoryError) as exc:  # e.g. an empty array with an absurd shape
            raise WireError(f"bad array shape: {exc}") from None
        if "subclass" in body:
            if type(body["subclass"]) is not str:
                raise WireError("bad subclass name")
            return Unsupported(f"ndarray subclass {body['subclass'][:100]}", "")
        return arr
    raise WireError(f"unknown tag {str(tag)[:40]!r}")


def from_data(obj):
    """Rebuild a value from tagged data; raises WireError on anything unexpected."""
    return _from_data(obj, 0, _Budget())


def decode_body(body: bytes):
    if len(body) > MAX_FRAME_BYTES:
        raise WireError(f"message of {len(body)} bytes exceeds the {MAX_FRAME_BYTES}-byte limit")
    try:
        obj = _loads(body.decode("utf-8"))
    except WireError:
        raise
    except (ValueError, RecursionError, MemoryError) as exc:  # bad UTF-8 or JSON, an integer of 10,000 digits
        raise WireError(f"message is not valid JSON: {str(exc)[:200]}") from None
    return from_data(obj)


def _reject_constant(name):
    raise WireError(f"bare {name} is not allowed in a message")


# json.dumps/json.loads look up isinstance, len, list... in builtins at every call, so a student's cell
# could break them: the C encoder and scanner are built once here instead, with the real ones bound.
def _not_data(value):
    raise TypeError(f"{_type_name(value)} is not JSON data")


_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = (_C_ENCODER(None, _not_data, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, False)
           if _C_ENCODER is not None else None)
_FALLBACK_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))
_SCAN = json.JSONDecoder(parse_constant=_reject_constant).scan_once
_SPACE = json.decoder.WHITESPACE.match
_join = "".join


def _dumps(data) -> str:
    if _ENCODE is None:
        return _FALLBACK_ENCODER.encode(data)
    return _join(_ENCODE(data, 0))


def _loads(text: str):
    try:
        obj, end = _SCAN(text, _SPACE(text, 0).end())
    except StopIteration:
        raise ValueError("no JSON value") from None
    if _SPACE(text, end).end() != len(text):
        raise ValueError("extra data after the JSON value")
    return obj


def read_frame(stream) -> bytes | None:
    """Read one frame body from a binary stream; None at a clean end of stream."""
    header = _read_exact(stream, _HEADER.size)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise WireError(f"frame of {length} bytes exceeds the {MAX_FRAME_BYTES}-byte limit")
    body = _read_exact(stream, length)
    if body is None:
        raise WireError("stream ended inside a frame")
    return body


def _read_exact(stream, n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if got == 0:
                return None
            raise WireError("stream ended inside a frame")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
