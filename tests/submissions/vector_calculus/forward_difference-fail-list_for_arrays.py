# Unregistered: handles a number, but returns a Python list for an array x.
# expect: test_forward_difference=1.25
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    if np.ndim(x) == 0:
        return (f(x + h) - f(x)) / h
    return [(f(xi + h) - f(xi)) / h for xi in np.ravel(x)]
