# No overflow, but 1 - sigma(|z|) cancels to 0 for very negative z.
# expect: test_stable_sigmoid=2
# expect-mistake: test_stable_sigmoid=sigmoid_one_minus_for_negative
# %% stable_sigmoid
def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    p = 1 / (1 + np.exp(-np.abs(z)))
    return np.where(z >= 0, p, 1 - p)
