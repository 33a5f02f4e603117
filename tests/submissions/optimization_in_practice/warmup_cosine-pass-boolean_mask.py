# A correct alternative: fill an output array through a boolean mask, calling cosine_annealing.
# %% warmup_cosine
def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    s = np.asarray(step, dtype=float)
    out = np.asarray(cosine_annealing(lr0, s - warmup_steps, total_steps - warmup_steps, lr_min), dtype=float).copy()
    warm = s < warmup_steps
    out[warm] = lr0 * (s[warm] + 1) / warmup_steps
    return out if out.ndim else float(out)
