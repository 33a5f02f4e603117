# A correct alternative: lists of fresh arrays (x = x - velocity makes a new one each step) and a
# return from inside the loop when the gradient is small.
# %% momentum_gradient_descent
def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    x = np.asarray(x0, dtype=float).copy()
    velocity = np.zeros(x.shape)
    points, values = [x], [f(x)]

    def result():
        return np.array(points, dtype=float), np.array(values, dtype=float)

    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=float)
        velocity = momentum * velocity + learning_rate * g
        x = x - velocity
        points.append(x)
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            return result()
    return result()
