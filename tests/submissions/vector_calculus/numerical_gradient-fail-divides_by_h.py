# Registered mistake: central differences divided by h (twice the gradient).
# expect: test_numerical_gradient=0.5
# expect-mistake: test_numerical_gradient=divides_by_h
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / h
    return grad
