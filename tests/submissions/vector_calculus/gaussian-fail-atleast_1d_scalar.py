# Unregistered: np.atleast_1d makes gaussian(0) an array of shape (1,), not a scalar; arrays are right.
# expect: test_gaussian=0.75
# %% gaussian
def gaussian(x):
    x = np.atleast_1d(np.asarray(x, dtype=float))
    return np.exp(-x ** 2)
