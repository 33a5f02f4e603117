# A correct alternative: divides by the step actually taken, (x + h) - x, which is what the two
# evaluation points differ by in floating point.
# %% forward_difference
def forward_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    xph = x + h
    return (f(xph) - f(x)) / (xph - x)
