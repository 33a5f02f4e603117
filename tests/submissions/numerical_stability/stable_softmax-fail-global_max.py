# Subtracts the maximum of the whole array: a row far below it underflows to 0/0.
# expect: test_stable_softmax=1.75
# expect-mistake: test_stable_softmax=softmax_global_max
# %% stable_softmax
def stable_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)
