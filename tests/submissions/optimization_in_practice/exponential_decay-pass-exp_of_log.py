# A correct alternative: decay_rate ** x written as exp(x * log(decay_rate)).
# %% exponential_decay
def exponential_decay(lr0, step, decay_rate=0.96, decay_steps=1):
    return lr0 * np.exp(np.log(decay_rate) * np.asarray(step, dtype=float) / decay_steps)
