# A correct alternative: floor of the true division, as a float exponent.
# %% step_decay
def step_decay(lr0, step, drop=0.5, step_size=10):
    periods = np.floor(np.asarray(step) / step_size)
    return lr0 * np.power(drop, periods)
