# Registered mistake: +2x e^(-x^2) (the chain rule's minus sign lost).
# expect: test_gaussian_derivative=0.25
# expect-mistake: test_gaussian_derivative=sign_error
# %% gaussian_derivative
def gaussian_derivative(x):
    x = np.asarray(x, dtype=float)
    return 2 * x * np.exp(-x ** 2)
