# A correct alternative: the cache moved towards g^2 by (1 - decay), the step as lr / (...) * g.
# %% rmsprop_update
def rmsprop_update(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    g = np.asarray(grad, dtype=float)
    cache = np.asarray(cache, dtype=float)
    new_cache = cache + (1 - decay) * (g * g - cache)
    return np.asarray(param, dtype=float) - lr / (np.sqrt(new_cache) + eps) * g, new_cache
