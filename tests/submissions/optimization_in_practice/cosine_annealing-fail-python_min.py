# Python's min fails on an array of steps: only the scalar check passes (no value mistake to name).
# expect: test_cosine_annealing=0.5
# %% cosine_annealing
def cosine_annealing(lr0, step, total_steps, lr_min=0.0):
    s = min(step, total_steps)
    return lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * s / total_steps)) / 2
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
