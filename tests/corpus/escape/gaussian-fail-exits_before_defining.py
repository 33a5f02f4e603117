# Escape: sys.exit() before the definition, as a student would to "skip" a slow cell. The cell stops there,
# as in a kernel, so gaussian is not defined; later cells run normally.
# expect: test_gaussian=0
# %% gaussian
import sys
sys.exit(0)

def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x ** 2)
