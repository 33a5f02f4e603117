# A correct alternative: counts the eigenvalues above tol and below -tol; any left over are "zero".
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    eigenvalues = np.linalg.eigvalsh(hessian)
    positive = int(np.sum(eigenvalues > tol))
    negative = int(np.sum(eigenvalues < -tol))
    n = len(eigenvalues)
    if positive + negative < n:
        return "degenerate"
    if positive == n:
        return "minimum"
    if negative == n:
        return "maximum"
    return "saddle"
