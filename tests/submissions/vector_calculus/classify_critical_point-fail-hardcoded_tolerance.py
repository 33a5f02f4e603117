# Unregistered: uses 1e-8 instead of the tol argument, so tol=1e-12 does not change the answer.
# expect: test_classify_critical_point=2.5
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.any(np.abs(lam) <= 1e-8):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
