# Reads epsilon from np.finfo: right values, but the notebook says this earns no points; the Forbidden policy
# (voids=True) voids every check of the exercise.
# expect: test_machine_epsilon=0
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    return np.finfo(dtype).eps
