# expect: test_step_decay=0
# expect-mistake: test_step_decay=step_decay_first_drop_at_zero
# %% step_decay
def step_decay(lr0, step, drop=0.5, step_size=10):
    return lr0 * drop ** (np.asarray(step) // step_size + 1)
