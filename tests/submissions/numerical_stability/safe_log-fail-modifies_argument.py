# Right values, but the caller's float array is clamped in place (np.asarray does not copy it).
# expect: test_safe_log=0.5
# %% safe_log
def safe_log(x, eps=1e-10):
    x = np.asarray(x, dtype=float)
    x[x < eps] = eps
    return np.log(x)
