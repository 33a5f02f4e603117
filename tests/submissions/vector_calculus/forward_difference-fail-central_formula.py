# Registered mistake: the central difference instead of the forward one (second order, not first).
# expect: test_forward_difference=0.25
# expect-mistake: test_forward_difference=central_formula
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)
