# Unregistered: ignores the argument h and always steps 1e-5; right at the default, but the error
# does not shrink when h does.
# expect: test_forward_difference=1
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + 1e-5) - f(x)) / 1e-5
