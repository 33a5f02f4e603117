# Registered mistake: returns (V, U).
# expect: test_grad_sin_cos=0
# Not pinned: the feedback cannot name swapped_components yet (mistakes.match compares one item of the
# tuple, from expect_tuple, with the mistake's whole tuple); restore
#   expect-mistake: test_grad_sin_cos=swapped_components
# once that is fixed.
# %% grad_sin_cos
def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    U = np.cos(X) * np.cos(Y)
    V = -np.sin(X) * np.sin(Y)
    return V, U
