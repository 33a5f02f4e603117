# A correct alternative: NumPy's pairwise log(e^a + e^b), reduced along the axis.
# %% logsumexp
def logsumexp(x, axis=-1):
    """log(sum(exp(x))) along `axis` by reducing with np.logaddexp."""
    return np.logaddexp.reduce(np.asarray(x, dtype=float), axis=axis)
