# A correct alternative: a Cholesky factorization H = L L^T and two triangular solves; a while loop.
# %% newton_minimize
def newton_minimize(grad_f, hess_f, x0, tol=1e-10, max_iter=50):
    """Newton's method for minimization, H s = g solved through Cholesky."""
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    steps = 0
    g = np.asarray(grad_f(x), dtype=float)
    while np.linalg.norm(g) >= tol and steps < max_iter:
        L = np.linalg.cholesky(np.asarray(hess_f(x), dtype=float))  # LinAlgError unless positive definite
        s = np.linalg.solve(L.T, np.linalg.solve(L, g))
        x = x - s
        path.append(x.copy())
        steps += 1
        g = np.asarray(grad_f(x), dtype=float)
    return x, np.array(path)
