# A correct alternative: unpack the point as Python numbers and use the factored form x (x^2 - 3y^2).
# %% monkey_saddle
def monkey_saddle(point):
    """x^3 - 3xy^2 = x (x^2 - 3 y^2), as a float."""
    x, y = (float(c) for c in point)
    return x * (x * x - 3.0 * y * y)
