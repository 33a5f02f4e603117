# A correct alternative: perturbs one coordinate of a working array in place and puts the saved
# value back exactly, so the caller's point is left as it was.
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
