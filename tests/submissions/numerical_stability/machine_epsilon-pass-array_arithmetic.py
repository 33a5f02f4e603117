# A correct alternative: halving inside one-element arrays of the requested dtype, returning the element.
# %% machine_epsilon
def machine_epsilon(dtype=np.float64):
    """Machine epsilon of `dtype`, found by halving in arrays of that dtype."""
    one = np.ones(1, dtype=dtype)
    eps = np.ones(1, dtype=dtype)
    while (one + eps / 2)[0] != one[0]:
        eps = eps / 2
    return eps[0]
