# Unregistered: a numerical derivative (central_difference of gaussian) where the analytic one is asked;
# it is off by the central difference's error (~1e-11), far more than a closed form's rounding.
# expect: test_gaussian_derivative=0
# %% gaussian_derivative
def gaussian_derivative(x):
    return central_difference(gaussian, x)
