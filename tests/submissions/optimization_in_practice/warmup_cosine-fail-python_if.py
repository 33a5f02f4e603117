# An if on the step: fine for scalars, fails on arrays (no value mistake to name).
# expect: test_warmup_cosine=0.5
# %% warmup_cosine
def warmup_cosine(lr0, step, warmup_steps, total_steps, lr_min=0.0):
    if step < warmup_steps:
        return lr0 * (step + 1) / warmup_steps
    return cosine_annealing(lr0, step - warmup_steps, total_steps - warmup_steps, lr_min)
