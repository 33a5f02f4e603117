# A correct alternative: math.cos / math.sin over np.broadcast(X, Y), filling preallocated arrays.
# %% grad_sin_cos
import math

def grad_sin_cos(X, Y):
    b = np.broadcast(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    U = np.empty(b.shape)
    V = np.empty(b.shape)
    for k, (x, y) in enumerate(b):
        U.flat[k] = math.cos(x) * math.cos(y)
        V.flat[k] = -math.sin(x) * math.sin(y)
    return (U, V)
