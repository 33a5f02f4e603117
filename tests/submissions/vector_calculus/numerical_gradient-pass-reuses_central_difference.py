# A correct alternative: each partial derivative is central_difference (earlier cell) of f along e_i.
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    """Component i: central_difference of t -> f(x + t e_i) at t = 0."""
    x = np.array(point, dtype=float)
    n = x.shape[0]
    grad = np.empty(n)
    for i in range(n):
        e = np.zeros(n)
        e[i] = 1.0
        grad[i] = central_difference(lambda t: f(x + t * e), 0.0, h)
    return grad
