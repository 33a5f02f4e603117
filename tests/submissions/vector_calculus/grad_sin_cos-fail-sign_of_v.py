# Registered mistake: V = +sin x sin y.
# expect: test_grad_sin_cos=0
# expect-mistake: test_grad_sin_cos=sign_of_v
# %% grad_sin_cos
def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    return np.cos(X) * np.cos(Y), np.sin(X) * np.sin(Y)
