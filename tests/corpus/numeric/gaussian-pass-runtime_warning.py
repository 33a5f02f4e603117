# Numeric: a correct answer that also raises harmless warnings (an overflow in an unused branch, a
# DeprecationWarning). Under stock nbgrader any text on stderr in a test cell scored 0.
# %% gaussian
import warnings

def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    unused = np.exp(np.float64(1000.0))  # RuntimeWarning: overflow
    warnings.warn("gaussian's signature will change", DeprecationWarning)
    return np.exp(-x ** 2)
