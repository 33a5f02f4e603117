# Registered mistake: only an exactly-zero eigenvalue counts as degenerate.
# expect: test_classify_critical_point=2.5
# expect-mistake: test_classify_critical_point=ignores_tol
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.any(lam == 0):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
