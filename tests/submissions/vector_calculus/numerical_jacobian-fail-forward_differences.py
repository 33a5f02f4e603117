# Registered mistake: forward differences (first order), right shape.
# expect: test_numerical_jacobian=0
# expect-mistake: test_numerical_jacobian=forward_differences
# %% numerical_jacobian
def numerical_jacobian(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    fx = np.ravel(f(x))
    J = np.zeros((fx.size, x.size))
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = h
        J[:, j] = (np.ravel(f(x + e)) - fx) / h
    return J
