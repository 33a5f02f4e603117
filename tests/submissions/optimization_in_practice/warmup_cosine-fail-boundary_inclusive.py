# step <= W: wrong exactly at step W; the no-warmup check and both scalar checks pass.
# expect: test_warmup_cosine=1
# expect-mistake: test_warmup_cosine=warmup_boundary_inclusive
# %% warmup_cosine
def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    s = np.asarray(step, dtype=float)
    cosine = cosine_annealing(lr0, s - warmup_steps, total_steps - warmup_steps, lr_min)
    if warmup_steps == 0:
        return np.asarray(cosine, dtype=float)[()]
    return np.where(s <= warmup_steps, lr0 * (s + 1) / warmup_steps, cosine)[()]
