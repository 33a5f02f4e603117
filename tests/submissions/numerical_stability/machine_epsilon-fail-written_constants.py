# Writes the three answers as constants: the Forbidden policy does not see them, the checks do.
# expect: test_machine_epsilon=0.5
# expect-mistake: test_machine_epsilon=machine_epsilon_looked_up
# %% machine_epsilon
EPSILONS = {np.float16: np.float16(0.000977), np.float32: np.float32(1.1920929e-07)}


def machine_epsilon(dtype=np.float64):
    if dtype in EPSILONS:
        return EPSILONS[dtype]
    return np.float64(2.0 ** -52)
