# A correct alternative: elementwise through np.vectorize-free loops over a flattened copy.
# %% central_difference
def central_difference(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h), elementwise in x."""
    x = np.asarray(x, dtype=float)
    flat = x.ravel()
    out = np.empty_like(flat)
    for i, xi in enumerate(flat):
        out[i] = (f(xi + h) - f(xi - h)) / (2 * h)
    return out.reshape(x.shape) if x.ndim else out[0]
