# Unregistered: the right numbers in a Python list (the point is not modified).
# expect: test_numerical_gradient=0.5
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    grad = []
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad.append((f(x + e) - f(x - e)) / (2 * h))
    return grad
