# A correct alternative: names the two evaluations and multiplies by 1/h.
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    """(f(x + h) - f(x)) / h, elementwise in x."""
    x = np.array(x, dtype=np.float64)
    f_here = f(x)
    f_ahead = f(x + h)
    return (f_ahead - f_here) * (1.0 / h)
