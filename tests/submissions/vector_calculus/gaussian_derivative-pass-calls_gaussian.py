# A correct alternative: reuse gaussian() from the earlier cell, as the contract allows.
# %% gaussian_derivative
def gaussian_derivative(x):
    """-2x e^(-x^2) = -2x * gaussian(x), elementwise."""
    return -2 * x * gaussian(x)
