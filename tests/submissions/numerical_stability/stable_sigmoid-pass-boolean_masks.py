# A correct alternative: boolean masks choose the branch, so no exp of a positive number is ever computed.
# %% stable_sigmoid
def stable_sigmoid(z):
    """Two-branch sigmoid with boolean masks."""
    z = np.asarray(z, dtype=float)
    flat = z.reshape(-1)
    out = np.empty_like(flat)
    pos = flat >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-flat[pos]))
    e = np.exp(flat[~pos])
    out[~pos] = e / (1.0 + e)
    return out.reshape(z.shape) if z.ndim else float(out[0])
