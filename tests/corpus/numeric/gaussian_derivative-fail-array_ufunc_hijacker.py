# Numeric: an object that takes over every NumPy ufunc (np.isclose(obj, want) is True, np.isfinite(obj) is
# True) and any comparison.
# expect: test_gaussian_derivative=0.25
# %% gaussian_derivative
class _Hijacker:
    __array_priority__ = 10_000
    shape, dtype = (), np.dtype("float64")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True

    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.0

def gaussian_derivative(x):
    return _Hijacker()
