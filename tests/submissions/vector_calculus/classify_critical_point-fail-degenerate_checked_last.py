# Registered mistake: the signs are tested before the zero eigenvalues.
# expect: test_classify_critical_point=2.5
# Not pinned: on every input the checks use, degenerate_checked_last gives the same wrong answer as
# ignores_tol (registered first), so the feedback names ignores_tol; restore
#   expect-mistake: test_classify_critical_point=degenerate_checked_last
# once the checks can tell the two apart.
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    lam = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    return "saddle"
