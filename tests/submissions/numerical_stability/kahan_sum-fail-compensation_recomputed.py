# The compensation is recomputed from the same rounded sum, so it is always 0: a plain loop in disguise.
# expect: test_kahan_sum=1
# expect-mistake: test_kahan_sum=kahan_plain_loop
# %% kahan_sum
def kahan_sum(values):
    total = 0.0
    c = 0.0
    for v in values:
        y = float(v) - c
        t = total + y
        c = t - (total + y)
        total = t
    return total
