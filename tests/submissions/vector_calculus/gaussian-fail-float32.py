# Unregistered: computes in float32 (right values to 7 digits, wrong dtype everywhere).
# expect: test_gaussian=0.25
# %% gaussian
def gaussian(x):
    x = np.asarray(x, dtype=np.float32)
    return np.exp(-x ** 2)
