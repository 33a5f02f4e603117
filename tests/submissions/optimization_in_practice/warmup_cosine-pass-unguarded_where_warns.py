# np.where without a guard: warmup_steps = 0 divides by zero and warns, but the values are right and the
# contract does not say "no warning" here, so it costs nothing.
# %% warmup_cosine
def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    s = np.asarray(step, dtype=float)
    cosine = cosine_annealing(lr0, s - warmup_steps, total_steps - warmup_steps, lr_min)
    return np.where(s < warmup_steps, lr0 * (s + 1) / warmup_steps, cosine)[()]
