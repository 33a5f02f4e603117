# Registered mistake: e^(-x), written as np.exp(-x) and forgetting the square.
# expect: test_gaussian=0.25
# expect-mistake: test_gaussian=minus_x_not_squared
# %% gaussian
def gaussian(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-x)
