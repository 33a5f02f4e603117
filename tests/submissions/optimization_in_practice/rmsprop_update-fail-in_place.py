# Updates the caller's cache and param in place (the values are right).
# expect: test_rmsprop_update=2.5
# %% rmsprop_update
def rmsprop_update(param, grad, cache, lr=1e-3, decay=0.9, eps=1e-8):
    cache *= decay
    cache += (1 - decay) * grad ** 2
    param -= lr * grad / (np.sqrt(cache) + eps)
    return param, cache
