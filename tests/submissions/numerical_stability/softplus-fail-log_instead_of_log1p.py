# The max trick with log(1 + t) instead of log1p(t): 0 instead of e^z for very negative z.
# expect: test_softplus=2
# expect-mistake: test_softplus=softplus_log_instead_of_log1p
# %% softplus
def softplus(z):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z)))
