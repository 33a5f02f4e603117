# Clamps to [eps, 1]: every value above 1 gets log 1 = 0.
# expect: test_safe_log=0
# expect-mistake: test_safe_log=safe_log_clips_above
# %% safe_log
def safe_log(x, eps=1e-10):
    return np.log(np.clip(np.asarray(x, dtype=float), eps, 1))
