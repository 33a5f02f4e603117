# The textbook formula: exp overflows for logits near 1000 and underflows to 0/0 near -1000.
# expect: test_stable_softmax=1.25
# expect-mistake: test_stable_softmax=softmax_no_max_subtraction
# %% stable_softmax
def stable_softmax(x, axis=-1):
    e = np.exp(np.asarray(x, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)
