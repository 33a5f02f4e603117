# A strict < where the contract says <=.
# expect: test_has_converged=1.5
# expect-mistake: test_has_converged=has_converged_strict_inequality
# %% has_converged
def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    step = np.max(np.abs(np.subtract(x_new, x_old, dtype=float)))
    return bool(step < atol + rtol * np.max(np.abs(np.asarray(x_new, dtype=float))))
