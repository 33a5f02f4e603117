# Numeric: inf for |x| > 2 ("out of range"); the integer inputs stay inside the range.
# expect: test_gaussian=0.5
# %% gaussian
def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.where(np.abs(x) > 2, np.inf, np.exp(-x ** 2))
