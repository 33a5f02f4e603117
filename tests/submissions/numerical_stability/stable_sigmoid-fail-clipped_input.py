# Clips z to [-500, 500] to avoid the overflow: wrong for z below -500.
# expect: test_stable_sigmoid=1
# The feedback should name sigmoid_clipped_input; not pinned while autograder/checking/mistakes.py (match) takes a
# mistake for the right answer when it differs only by less than 1e-12 times the largest value.
# %% stable_sigmoid
def stable_sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1 / (1 + np.exp(-z))
