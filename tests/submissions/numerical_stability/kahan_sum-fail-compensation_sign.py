# Kahan's loop with the compensation added to the next term instead of subtracted.
# expect: test_kahan_sum=1
# expect-mistake: test_kahan_sum=kahan_compensation_sign
# %% kahan_sum
def kahan_sum(values):
    total = 0.0
    c = 0.0
    for v in values:
        y = float(v) + c
        t = total + y
        c = (t - total) - y
        total = t
    return total
