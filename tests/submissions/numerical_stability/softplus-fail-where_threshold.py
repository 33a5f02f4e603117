# The only fault is a warning: np.where computes exp(z) for every z, and it overflows in the branch thrown away.
# expect: test_softplus=2
# expect-mistake: test_softplus=softplus_where_threshold
# %% softplus
def softplus(z):
    z = np.asarray(z, dtype=float)
    return np.where(z > 30, z, np.log1p(np.exp(z)))
