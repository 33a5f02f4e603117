# Numeric: wrong values in an ndarray subclass whose ==, allclose-style ufuncs and comparisons always agree.
# expect: test_grad_sin_cos=0
# %% grad_sin_cos
class _Agreeable(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.broadcast(*[np.asarray(i) for i in inputs]).shape, dtype=bool)

def grad_sin_cos(X, Y):
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
    return np.zeros(X.shape).view(_Agreeable), np.zeros(X.shape).view(_Agreeable)
