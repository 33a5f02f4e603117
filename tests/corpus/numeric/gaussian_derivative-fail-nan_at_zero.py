# Numeric: a factor x/x gives NaN exactly at 0 (and a RuntimeWarning); the random-array check has no 0.
# expect: test_gaussian_derivative=0.75
# %% gaussian_derivative
def gaussian_derivative(x):
    x = np.asarray(x, dtype=np.float64)
    return -2.0 * x * np.exp(-x ** 2) * (x / x)
