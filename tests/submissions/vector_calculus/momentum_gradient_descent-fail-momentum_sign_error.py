# Registered mistake: x = x + v (climbs the gradient and diverges).
# expect: test_momentum_gradient_descent=0.25
# expect-mistake: test_momentum_gradient_descent=momentum_sign_error
# %% momentum_gradient_descent
def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path, values = [x.copy()], [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=float)
        v = momentum * v + learning_rate * g
        x = x + v
        path.append(x.copy())
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            break
    return np.array(path), np.array(values)
