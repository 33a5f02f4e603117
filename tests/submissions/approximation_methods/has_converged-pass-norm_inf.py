# A correct alternative: np.linalg.norm with ord=np.inf on at-least-1-D arrays; returns a numpy.bool_.
# %% has_converged
def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    """True iff ||x_new - x_old||_inf <= atol + rtol * ||x_new||_inf."""
    new = np.atleast_1d(np.asarray(x_new, dtype=float))
    old = np.atleast_1d(np.asarray(x_old, dtype=float))
    return np.linalg.norm(new - old, ord=np.inf) <= atol + rtol * np.linalg.norm(new, ord=np.inf)
