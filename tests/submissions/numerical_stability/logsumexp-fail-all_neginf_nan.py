# The max trick without the edge case: a slice of only -inf gives -inf - (-inf) = nan.
# expect: test_logsumexp=3
# expect-mistake: test_logsumexp=logsumexp_all_neginf_nan
# %% logsumexp
def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))
