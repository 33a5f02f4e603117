# expect: test_cosine_annealing=0
# expect-mistake: test_cosine_annealing=cosine_full_period
# %% cosine_annealing
def cosine_annealing(lr0, step, total_steps, lr_min=0.0):
    s = np.minimum(np.asarray(step, dtype=float), total_steps)
    return lr_min + (lr0 - lr_min) * (1 + np.cos(2 * np.pi * s / total_steps)) / 2
# %% warmup_cosine
def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    """Self-contained (does not call cosine_annealing), so only the cosine_annealing cell is wrong."""
    s = np.asarray(step, dtype=float)
    length = total_steps - warmup_steps
    t = np.minimum(s - warmup_steps, length)
    cosine = lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * t / length)) / 2
    if warmup_steps == 0:
        return cosine[()]
    return np.where(s < warmup_steps, lr0 * (s + 1) / warmup_steps, cosine)[()]
