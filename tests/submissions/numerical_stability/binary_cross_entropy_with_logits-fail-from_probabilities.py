# The loss from probabilities: log(0) for confident logits.
# expect: test_binary_cross_entropy_with_logits=1.5
# expect-mistake: test_binary_cross_entropy_with_logits=bce_from_probabilities
# %% binary_cross_entropy_with_logits
def binary_cross_entropy_with_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    p = 1 / (1 + np.exp(-z))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
