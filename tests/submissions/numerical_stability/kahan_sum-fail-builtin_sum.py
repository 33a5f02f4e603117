# The builtin sum: the checks refuse it; the Forbidden policy does not list the name `sum` (see the check module).
# expect: test_kahan_sum=0.5
# expect-mistake: test_kahan_sum=kahan_uses_library_sum
# %% kahan_sum
def kahan_sum(values):
    return float(sum(float(v) for v in values))
