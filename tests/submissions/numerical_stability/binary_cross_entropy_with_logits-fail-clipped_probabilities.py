# Probabilities clipped to [1e-7, 1 - 1e-7]: finite, but the loss of a confident mistake is capped near 16.
# expect: test_binary_cross_entropy_with_logits=1.5
# expect-mistake: test_binary_cross_entropy_with_logits=bce_clipped_probabilities
# %% binary_cross_entropy_with_logits
def binary_cross_entropy_with_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    p = np.clip(stable_sigmoid(z), 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
