# A correct alternative: np.power for the corrections, ** 0.5 for the square root, copies returned.
# %% adam_update
def adam_update(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1.0 - beta1) * g
    v = beta2 * np.asarray(v, dtype=float) + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - np.power(beta1, t))
    v_hat = v / (1.0 - np.power(beta2, t))
    return np.asarray(param, dtype=float) - lr * m_hat / (v_hat ** 0.5 + eps), m.copy(), v.copy()
