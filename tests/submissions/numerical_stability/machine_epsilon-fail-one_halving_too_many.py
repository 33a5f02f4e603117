# Halves once too often: returns the first power of two that no longer changes 1.
# Every value check fails, so the Forbidden policy's points are not earned either.
# expect: test_machine_epsilon=0
# expect-mistake: test_machine_epsilon=machine_epsilon_one_halving_too_many
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    eps = dtype(1)
    while dtype(1) + eps != dtype(1):
        eps = eps / dtype(2)
    return eps
