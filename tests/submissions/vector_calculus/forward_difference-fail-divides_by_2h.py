# Registered mistake: divides by 2h (half the derivative: an error that does not shrink with h).
# expect: test_forward_difference=0.25
# expect-mistake: test_forward_difference=divides_by_2h
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / (2 * h)
