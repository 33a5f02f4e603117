# Registered mistake: the backward difference; still first order, so only the value check fails.
# expect: test_forward_difference=1.25
# expect-mistake: test_forward_difference=backward_difference
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x) - f(x - h)) / h
