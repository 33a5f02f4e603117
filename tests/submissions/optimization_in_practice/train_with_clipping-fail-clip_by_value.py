# Clipped entry by entry: finite and descending on the cliff, but not the path of clipping by norm
# (neither from the random start nor from the list start).
# expect: test_train_with_clipping=1.5
# expect-mistake: test_train_with_clipping=train_clip_by_value
# %% train_with_clipping
def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        x = x - lr * clip_by_value(grad_f(x), max_norm)
        path.append(x)
    return np.array(path)
