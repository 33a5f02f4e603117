# A correct alternative: np.logaddexp(0, z) = log(e^0 + e^z), which the notebook allows.
# %% softplus
def softplus(z):
    """Softplus as log(e^0 + e^z), computed stably by NumPy."""
    return np.logaddexp(0.0, np.asarray(z, dtype=float))[()]
