# The step is right, but the moments returned are the corrected ones.
# expect: test_adam_update=0.75
# expect-mistake: test_adam_update=adam_returns_corrected_moments
# %% adam_update
def adam_update(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(grad, dtype=float)
    m = (beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g) / (1 - beta1 ** t)
    v = (beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g ** 2) / (1 - beta2 ** t)
    return np.asarray(param, dtype=float) - lr * m / (np.sqrt(v) + eps), m, v
