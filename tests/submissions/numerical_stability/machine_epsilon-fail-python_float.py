# Halves Python floats: float64 whatever dtype is, and a Python float.
# Every value check fails, so the Forbidden policy's points are not earned either.
# expect: test_machine_epsilon=0
# expect-mistake: test_machine_epsilon=machine_epsilon_python_float
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    eps = 1.0
    while 1.0 + eps / 2 != 1.0:
        eps /= 2
    return eps
