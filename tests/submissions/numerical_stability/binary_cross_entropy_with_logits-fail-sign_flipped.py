# softplus(-z) - y*z: softplus of the wrong sign.
# expect: test_binary_cross_entropy_with_logits=0
# expect-mistake: test_binary_cross_entropy_with_logits=bce_sign_flipped
# %% binary_cross_entropy_with_logits
def binary_cross_entropy_with_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=float)
    return float(np.mean(softplus(-z) - y * z))
