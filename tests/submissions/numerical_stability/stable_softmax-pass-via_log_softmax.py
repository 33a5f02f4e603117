# A correct alternative: exponentiate the log-softmax x - logsumexp(x), on a copy of x.
# %% stable_softmax
def stable_softmax(x, axis=-1):
    """Softmax along `axis` as exp(x - LSE(x))."""
    x = np.array(x, dtype=float)
    m = np.amax(x, axis=axis, keepdims=True)
    log_z = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return np.exp(x - log_z)
