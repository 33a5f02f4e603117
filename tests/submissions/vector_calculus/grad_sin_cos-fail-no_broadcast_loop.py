# Unregistered: assumes X and Y have the same shape (fine for a meshgrid); X (3, 1) with Y (1, 4) raises.
# expect: test_grad_sin_cos=1
# %% grad_sin_cos
import math

def grad_sin_cos(X, Y):
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    U = np.empty_like(X)
    V = np.empty_like(X)
    for idx in np.ndindex(X.shape):
        U[idx] = math.cos(X[idx]) * math.cos(Y[idx])
        V[idx] = -math.sin(X[idx]) * math.sin(Y[idx])
    return U, V
