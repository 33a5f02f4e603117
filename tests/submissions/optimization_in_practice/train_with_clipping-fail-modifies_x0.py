# Starts from the caller's array itself and updates it in place (a list x0 is converted, so that check passes).
# expect: test_train_with_clipping=2.5
# %% train_with_clipping
def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    x = np.asarray(x0, dtype=float)
    path = [x.copy()]
    for _ in range(n_steps):
        x -= lr * clip_by_norm(grad_f(x), max_norm)
        path.append(x.copy())
    return np.array(path)
