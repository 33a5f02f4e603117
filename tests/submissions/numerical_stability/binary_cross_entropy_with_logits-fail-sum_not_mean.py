# The sum over the elements instead of the mean.
# expect: test_binary_cross_entropy_with_logits=0
# expect-mistake: test_binary_cross_entropy_with_logits=bce_sum_not_mean
# %% binary_cross_entropy_with_logits
def binary_cross_entropy_with_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    return float(np.sum(softplus(z) - y * z))
