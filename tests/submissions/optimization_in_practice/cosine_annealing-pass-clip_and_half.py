# A correct alternative: np.clip for the min, 0.5 * amplitude written first.
# %% cosine_annealing
def cosine_annealing(lr0, step, total_steps, lr_min=0.0):
    s = np.clip(step, None, total_steps)
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * s / total_steps))
