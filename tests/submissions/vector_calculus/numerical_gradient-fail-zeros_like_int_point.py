# Unregistered: the step vector is np.zeros_like(x) with x not converted to float: for a list of
# integers the step h is truncated to 0 and every component comes out 0.
# expect: test_numerical_gradient=1.5
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.asarray(point)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad
