# Registered mistake: -x e^(-x^2) (the factor 2 from d/dx x^2 forgotten), written with gaussian().
# expect: test_gaussian_derivative=0.25
# expect-mistake: test_gaussian_derivative=missing_factor_two
# %% gaussian_derivative
def gaussian_derivative(x):
    return -np.asarray(x, dtype=float) * gaussian(x)
