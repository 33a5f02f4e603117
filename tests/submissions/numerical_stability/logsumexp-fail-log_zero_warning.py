# The only fault is a warning: the right -inf for a slice of only -inf, with "divide by zero encountered in log".
# expect: test_logsumexp=3
# expect-mistake: test_logsumexp=logsumexp_log_zero_warning
# %% logsumexp
def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(x - m), axis=axis))
