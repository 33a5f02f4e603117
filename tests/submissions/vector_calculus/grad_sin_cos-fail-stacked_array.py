# Unregistered: one stacked ndarray of shape (2, ...) instead of the tuple (U, V).
# expect: test_grad_sin_cos=0
# %% grad_sin_cos
def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    return np.stack([np.cos(X) * np.cos(Y), -np.sin(X) * np.sin(Y)])
