# np.allclose(x_new, x_old): its relative part is measured on the second argument, x_old.
# expect: test_has_converged=1.5
# expect-mistake: test_has_converged=has_converged_relative_to_old
# %% has_converged
def has_converged(x_new, x_old, atol=1e-12, rtol=1e-8):
    return bool(np.allclose(x_new, x_old, rtol=rtol, atol=atol))
