# np.minimum instead of np.maximum: log(eps) for every positive x.
# expect: test_safe_log=0
# expect-mistake: test_safe_log=safe_log_min_instead_of_max
# %% safe_log
def safe_log(x, eps=1e-10):
    return np.log(np.minimum(np.asarray(x, dtype=float), eps))
