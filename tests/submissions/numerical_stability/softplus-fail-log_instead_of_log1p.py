# The max trick with log(1 + t) instead of log1p(t): 0 instead of e^z for very negative z.
# expect: test_softplus=2
# The feedback should name softplus_log_instead_of_log1p; not pinned while autograder/checking/mistakes.py (match) takes a
# mistake for the right answer when it differs only by less than 1e-12 times the largest value.
# %% softplus
def softplus(z):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z)))
