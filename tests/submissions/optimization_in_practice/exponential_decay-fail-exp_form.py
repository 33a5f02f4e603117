# expect: test_exponential_decay=0
# expect-mistake: test_exponential_decay=exponential_exp_form
# %% exponential_decay
def exponential_decay(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * np.exp(-decay_rate * np.asarray(step) / decay_steps)
