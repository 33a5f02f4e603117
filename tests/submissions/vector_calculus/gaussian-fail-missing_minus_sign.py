# Registered mistake: e^(x^2). gaussian(0) = 1 still passes, the integer array does not.
# expect: test_gaussian=0.25
# expect-mistake: test_gaussian=missing_minus_sign
# %% gaussian
def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x ** 2)
