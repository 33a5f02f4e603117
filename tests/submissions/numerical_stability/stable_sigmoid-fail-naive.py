# The only fault is a warning: 1/(1 + exp(-z)) overflows for z < -709 (and is right there by luck).
# expect: test_stable_sigmoid=2
# expect-mistake: test_stable_sigmoid=sigmoid_naive
# %% stable_sigmoid
def stable_sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
