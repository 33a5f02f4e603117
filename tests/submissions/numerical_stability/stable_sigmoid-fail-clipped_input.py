# Clips z to [-500, 500] to avoid the overflow: wrong for z below -500.
# expect: test_stable_sigmoid=1
# expect-mistake: test_stable_sigmoid=sigmoid_clipped_input
# %% stable_sigmoid
def stable_sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1 / (1 + np.exp(-z))
