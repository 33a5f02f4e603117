# A correct alternative: preallocates path/values for n_iters steps, updates x and v in place on
# copies, and trims to the k+1 rows used.
# %% momentum_gradient_descent
def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    x = np.array(x0, dtype=float)
    v = np.zeros_like(x)
    path = np.empty((n_iters + 1, x.size))
    values = np.empty(n_iters + 1)
    path[0] = x
    values[0] = f(x)
    k = 0
    while k < n_iters:
        g = np.asarray(grad_f(x), dtype=float)
        v *= momentum
        v += learning_rate * g
        x -= v
        k += 1
        path[k] = x
        values[k] = f(x)
        if np.sqrt(np.dot(g, g)) < tol:
            break
    return path[:k + 1].copy(), values[:k + 1].copy()
