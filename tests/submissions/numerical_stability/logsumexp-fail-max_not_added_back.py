# Shifts by the maximum but forgets to add it back.
# expect: test_logsumexp=0
# expect-mistake: test_logsumexp=logsumexp_max_not_added_back
# %% logsumexp
def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.sum(np.exp(x - m), axis=axis))
