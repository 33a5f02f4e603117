# A correct alternative: no broadcast_arrays; the products broadcast X (3, 1) against Y (1, 4) themselves.
# %% grad_sin_cos
def grad_sin_cos(X, Y):
    """(cos x cos y, -sin x sin y) with the broadcast shape of X and Y."""
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y, dtype=float)
    return np.cos(X) * np.cos(Y), -(np.sin(X) * np.sin(Y))
