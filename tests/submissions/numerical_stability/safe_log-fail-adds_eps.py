# log(x + eps): shifts every value, and nan for negative x.
# expect: test_safe_log=0
# expect-mistake: test_safe_log=safe_log_adds_eps
# %% safe_log
def safe_log(x, eps=1e-10):
    return np.log(np.asarray(x, dtype=float) + eps)
