# A correct alternative: y*softplus(-z) + (1 - y)*softplus(z), each softplus by np.logaddexp.
# %% binary_cross_entropy_with_logits
def binary_cross_entropy_with_logits(logits, labels):
    """Mean of y*softplus(-z) + (1 - y)*softplus(z)."""
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    return float(np.mean(y * np.logaddexp(0.0, -z) + (1.0 - y) * np.logaddexp(0.0, z)))
