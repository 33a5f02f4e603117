# Registered mistake: the 2x2 determinant/trace rule, applied to a 3x3 negative definite matrix
# (det < 0) it says "saddle".
# expect: test_classify_critical_point=2.5
# expect-mistake: test_classify_critical_point=determinant_test
# %% classify_critical_point
def classify_critical_point(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=float)
    det = np.linalg.det(H)
    if abs(det) <= tol:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if np.trace(H) > 0 else "maximum"
