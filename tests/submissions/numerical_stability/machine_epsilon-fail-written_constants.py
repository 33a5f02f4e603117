# Writes the three answers as constants: the Forbidden policy does not see them, every check does (and refuses
# the answer), so the policy's points are not earned either.
# expect: test_machine_epsilon=0
# %% machine_epsilon
EPSILONS = {np.float16: np.float16(0.000977), np.float32: np.float32(1.1920929e-07)}


def machine_epsilon(dtype=np.float64):
    if dtype in EPSILONS:
        return EPSILONS[dtype]
    return np.float64(2.0 ** -52)
