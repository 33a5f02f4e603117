# Halves in the right dtype, then returns a Python float.
# Every value check fails, so the Forbidden policy's points are not earned either.
# expect: test_machine_epsilon=0
# expect-mistake: test_machine_epsilon=machine_epsilon_wrong_type
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    one, two, eps = dtype(1), dtype(2), dtype(1)
    while one + eps / two != one:
        eps = eps / two
    return float(eps)
