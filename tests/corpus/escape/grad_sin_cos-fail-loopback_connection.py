# Escape: fetch the answer from a server on 127.0.0.1 (the test starts it and counts connections); the
# fallback returns the components swapped.
# expect-as: tests/submissions/vector_calculus/grad_sin_cos-fail-swapped_components.py
# %% grad_sin_cos
import socket

_code = ""
for _host in ("127.0.0.1", "localhost", "::1"):
    try:
        with socket.create_connection((_host, __LOOPBACK_PORT__), timeout=1) as _s:
            _code = _s.recv(65536).decode()
            break
    except OSError:
        pass

def grad_sin_cos(X, Y):
    if _code:
        scope = {"np": np}
        exec(_code, scope)
        return scope["grad_sin_cos"](X, Y)
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    return -np.sin(X) * np.sin(Y), np.cos(X) * np.cos(Y)
