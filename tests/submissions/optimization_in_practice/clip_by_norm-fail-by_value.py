# expect: test_clip_by_norm=2
# expect-mistake: test_clip_by_norm=clip_norm_by_value
# %% clip_by_norm
def clip_by_norm(grad, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    return np.clip(np.asarray(grad, dtype=float), -max_norm, max_norm)
# %% train_with_clipping
def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    """Self-contained (does not call clip_by_norm), so only the clip_by_norm cell is wrong."""
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(n_steps):
        g = np.asarray(grad_f(x), dtype=float)
        norm = np.sqrt(np.sum(g * g))
        if norm > max_norm:
            g = g * (max_norm / norm)
        x = x - lr * g
        path.append(x)
    return np.array(path)
