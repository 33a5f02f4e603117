# Reads epsilon from np.finfo: right values, but the notebook says this earns no points.
# expect: test_machine_epsilon=0
# expect-mistake: test_machine_epsilon=machine_epsilon_looked_up
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    return np.finfo(dtype).eps
