# The solution's binary_cross_entropy_with_logits calls this softplus, so it loses points too.
# log(1 + exp(z)) as written: inf for large z, 0 instead of e^z for very negative z.
# expect: test_softplus=1, test_binary_cross_entropy_with_logits=1.5
# expect-mistake: test_softplus=softplus_naive
# %% softplus
def softplus(z):
    return np.log(1 + np.exp(np.asarray(z, dtype=float)))
