# A correct alternative: Kahan's original algorithm, with the accumulator called `sum` as in Wikipedia's
# pseudocode (a variable, not a call of the builtin: no shortcut).
# %% kahan_sum
def kahan_sum(values):
    """Kahan's compensated summation."""
    sum = 0.0
    c = 0.0
    for v in values:
        y = float(v) - c
        t = sum + y
        c = (t - sum) - y
        sum = t
    return sum
