# Neumaier's variant that collects the compensation but never adds it: the plain loop's result.
# expect: test_kahan_sum=1
# expect-mistake: test_kahan_sum=kahan_plain_loop
# %% kahan_sum
def kahan_sum(values):
    total = 0.0
    c = 0.0
    for v in values:
        v = float(v)
        t = total + v
        if abs(total) >= abs(v):
            c += (total - t) + v
        else:
            c += (v - t) + total
        total = t
    return total
