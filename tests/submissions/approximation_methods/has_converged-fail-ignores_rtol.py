# An absolute test only: rtol is never used.
# expect: test_has_converged=1.5
# expect-mistake: test_has_converged=has_converged_ignores_rtol
# %% has_converged
def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    return bool(np.max(np.abs(np.subtract(x_new, x_old, dtype=float))) <= atol)
