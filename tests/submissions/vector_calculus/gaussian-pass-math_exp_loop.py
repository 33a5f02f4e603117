# A correct alternative: math.exp element by element over a float copy, a Python float for a scalar.
# %% gaussian
import math

def gaussian(x):
    """The Gaussian e^(-x^2), elementwise."""
    arr = np.asarray(x, dtype=float)
    out = np.array([math.exp(-v * v) for v in arr.ravel()], dtype=float).reshape(arr.shape)
    return out if arr.ndim else float(out)
