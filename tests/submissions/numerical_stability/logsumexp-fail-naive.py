# log(sum(exp(x))) as written: inf near 1000, -inf near -1000.
# expect: test_logsumexp=1.5
# expect-mistake: test_logsumexp=logsumexp_naive
# %% logsumexp
def logsumexp(x, axis=-1):
    return np.log(np.sum(np.exp(np.asarray(x, dtype=float)), axis=axis))
