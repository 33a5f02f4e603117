# Registered mistake: returns (V, U).
# expect: test_grad_sin_cos=0
# expect-mistake: test_grad_sin_cos=swapped_components
# %% grad_sin_cos
def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    U = np.cos(X) * np.cos(Y)
    V = -np.sin(X) * np.sin(Y)
    return V, U
