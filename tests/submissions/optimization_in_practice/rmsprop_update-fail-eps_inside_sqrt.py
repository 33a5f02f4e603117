# expect: test_rmsprop_update=0.5
# expect-mistake: test_rmsprop_update=rmsprop_eps_inside_sqrt
# %% rmsprop_update
def rmsprop_update(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    g = np.asarray(grad, dtype=float)
    cache = decay * np.asarray(cache, dtype=float) + (1 - decay) * g ** 2
    return np.asarray(param, dtype=float) - lr * g / np.sqrt(cache + eps), cache
