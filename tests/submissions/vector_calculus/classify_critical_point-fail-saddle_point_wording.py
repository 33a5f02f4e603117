# Unregistered: answers "saddle point" where the contract's word is "saddle".
# expect: test_classify_critical_point=2.25
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle point"
