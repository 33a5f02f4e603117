# Hostile: silence NumPy and Python warnings for the whole notebook, then use the naive formula. The sandbox
# resets NumPy's error settings before every call and records every warning, so the overflow is still seen.
# expect: test_stable_sigmoid=2
# expect-mistake: test_stable_sigmoid=sigmoid_naive
# %% stable_sigmoid
import warnings
np.seterr(all="ignore")
warnings.simplefilter("ignore")
warnings.showwarning = lambda *args, **kwargs: None


def stable_sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
