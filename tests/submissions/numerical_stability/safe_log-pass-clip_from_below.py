# A correct alternative: np.clip with no upper bound.
# %% safe_log
def safe_log(x, eps=1e-10):
    """log(max(x, eps)) with np.clip(x, eps, None)."""
    return np.log(np.clip(np.asarray(x, dtype=float), eps, None))[()]
