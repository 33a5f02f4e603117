# Normalises by the sum of the whole array: right in 1-D, wrong along an axis of n-D input.
# expect: test_stable_softmax=0
# expect-mistake: test_stable_softmax=softmax_normalised_over_everything
# %% stable_softmax
def stable_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e)
