# The only fault is a warning: np.where computes both branches, so the discarded one overflows.
# expect: test_stable_sigmoid=2
# expect-mistake: test_stable_sigmoid=sigmoid_where_evaluates_both_branches
# %% stable_sigmoid
def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
