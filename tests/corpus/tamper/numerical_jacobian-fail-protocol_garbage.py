# Tamper: write garbage on the sandbox runner's private protocol stream before the answer. The grader sees
# an unreadable message, replaces the sandbox and replays the earlier cells (this cell is dropped), so the
# garbage costs nothing; the answer itself is transposed.
# expect-as: tests/submissions/vector_calculus/numerical_jacobian-fail-transposed.py
# %% numerical_jacobian
import gc
import io

_out = next(o for o in gc.get_objects() if isinstance(o, io.FileIO) and not o.closed and o.mode == "wb"
            and o.fileno() > 2)
_out.write(b"\x00\x00\x00\x20" + b"{not json, just a forged score:3}")

def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    J = []
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J.append((np.ravel(f(x + e)) - np.ravel(f(x - e))) / (2 * h))
    return np.array(J)
