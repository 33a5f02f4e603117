# Registered mistake: forward differences per coordinate (exact anyway for the linear f of the list check).
# expect: test_numerical_gradient=1
# expect-mistake: test_numerical_gradient=forward_differences
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    fx = f(x)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad[i] = (f(x + e) - fx) / h
    return grad
