# Unregistered: tests the gradient norm before the update and breaks without appending the last step,
# so a run that stops by tol is one point short. Runs that use all n_iters are right.
# expect: test_momentum_gradient_descent=3.25
# %% momentum_gradient_descent
def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path, values = [x.copy()], [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=float)
        if np.linalg.norm(g) < tol:
            break
        v = momentum * v + learning_rate * g
        x = x - v
        path.append(x.copy())
        values.append(f(x))
    return np.array(path), np.array(values)
