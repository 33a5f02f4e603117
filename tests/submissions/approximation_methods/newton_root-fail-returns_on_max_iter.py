# Returns the unconverged iterates after max_iter steps instead of raising RuntimeError.
# expect: test_newton_root=4
# expect-mistake: test_newton_root=newton_returns_on_max_iter
# %% newton_root
def newton_root(f, df, x0, tol=1e-12, max_iter=50):
    x = float(x0)
    fx = f(x)
    iterates = [x]
    for _ in range(max_iter):
        if abs(fx) < tol:
            break
        dfx = df(x)
        if dfx == 0:
            raise ZeroDivisionError("df(x) == 0")
        x = float(x - fx / dfx)
        iterates.append(x)
        fx = f(x)
    return x, np.array(iterates)
