# expect: test_train_with_clipping=0.5
# expect-mistake: test_train_with_clipping=train_missing_x0
# %% train_with_clipping
def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    x = np.array(x0, dtype=float)
    path = []
    for _ in range(n_steps):
        x = x - lr * clip_by_norm(grad_f(x), max_norm)
        path.append(x)
    return np.array(path)
