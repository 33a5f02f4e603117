# A correct alternative: 1 / e^(x^2) with np.square, no explicit conversion (np.exp makes ints float64).
# %% gaussian
def gaussian(x):
    """The Gaussian e^(-x^2) = 1 / e^(x^2), elementwise."""
    return 1.0 / np.exp(np.square(x))
