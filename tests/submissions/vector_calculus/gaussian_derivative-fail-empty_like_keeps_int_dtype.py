# Unregistered: fills np.empty_like(x) element by element; for integer input the buffer is an integer
# array, so gaussian_derivative(1) comes back as an integer (0). Float arrays are right.
# expect: test_gaussian_derivative=0.75
# %% gaussian_derivative
import math

def gaussian_derivative(x):
    x = np.asarray(x)
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        out[idx] = -2 * x[idx] * math.exp(-x[idx] ** 2)
    return out if out.ndim else out[()]
