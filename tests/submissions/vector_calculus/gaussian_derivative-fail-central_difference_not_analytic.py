# Unregistered: a numerical derivative (a central difference of gaussian) where the analytic one is
# asked; it is off by the difference's error (~1e-11), far more than a closed form's rounding.
# expect: test_gaussian_derivative=0.25
# %% gaussian_derivative
def gaussian_derivative(x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (gaussian(x + h) - gaussian(x - h)) / (2 * h)
