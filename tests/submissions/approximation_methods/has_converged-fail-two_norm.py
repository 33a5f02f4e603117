# The Euclidean norm instead of the infinity norm.
# expect: test_has_converged=1.5
# expect-mistake: test_has_converged=has_converged_two_norm
# %% has_converged
def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    x_new = np.asarray(x_new, dtype=float)
    x_old = np.asarray(x_old, dtype=float)
    return bool(np.linalg.norm(x_new - x_old) <= atol + rtol * np.linalg.norm(x_new))
