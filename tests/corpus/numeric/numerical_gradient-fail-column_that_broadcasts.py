# Numeric: the gradient as a column of shape (n, 1), which broadcasts against (n,) (so np.allclose would
# accept it) but is not the shape asked.
# expect: test_numerical_gradient=0.5
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    grad = np.zeros((len(x), 1))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad[i, 0] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
