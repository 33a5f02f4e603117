# A correct alternative: eigenvalues by np.linalg.eigvals (real parts), decided by min |lambda|,
# min lambda and max lambda.
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    lam = np.real(np.linalg.eigvals(np.array(hessian, dtype=float)))
    if np.min(np.abs(lam)) <= tol:
        return "degenerate"
    if lam.min() > 0:
        return "minimum"
    if lam.max() < 0:
        return "maximum"
    return "saddle"
