# Numeric: computes in float32: rounding error of order 1e-7 / h swamps the derivative, and the dtype is
# not float64 (only the check that x is left unchanged passes).
# expect: test_central_difference=0.5
# %% central_difference
def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float32)
    return ((f(x + h) - f(x - h)) / (2 * h)).astype(np.float32)
