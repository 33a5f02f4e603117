# ** binds tighter than /: right only where decay_steps = 1 (the defaults check).
# expect: test_exponential_decay=0.5
# expect-mistake: test_exponential_decay=exponential_precedence
# %% exponential_decay
def exponential_decay(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * decay_rate ** np.asarray(step) / decay_steps
