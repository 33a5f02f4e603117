# Keeps the reduced axis: shape (n, 1) instead of (n,), an array of one element for 1-D input.
# expect: test_logsumexp=0
# expect-mistake: test_logsumexp=logsumexp_keepdims_shape
# %% logsumexp
def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
