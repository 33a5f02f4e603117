# The solution's binary_cross_entropy_with_logits calls this softplus, so it loses points too.
# Only the limit max(z, 0): right for large z, wrong near 0 and for negative z.
# expect: test_softplus=1, test_binary_cross_entropy_with_logits=1.5
# expect-mistake: test_softplus=softplus_relu
# %% softplus
def softplus(z):
    return np.maximum(np.asarray(z, dtype=float), 0.0)
