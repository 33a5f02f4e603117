# A correct alternative: one forward difference per element, in Python floats, over a flattened copy.
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    """(f(x + h) - f(x)) / h, elementwise in x."""
    arr = np.asarray(x, dtype=float)
    out = np.empty(arr.size, dtype=float)
    for k, xk in enumerate(arr.ravel()):
        out[k] = (f(xk + h) - f(xk)) / h
    return out.reshape(arr.shape) if arr.ndim else float(out[0])
