# Numeric: the right values with a complex dtype (0j imaginary parts); float64 is asked.
# expect: test_monkey_saddle_hessian=0
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * x]], dtype=complex)
