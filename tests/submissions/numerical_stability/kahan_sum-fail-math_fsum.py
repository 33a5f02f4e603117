# A library routine (exact, but not the exercise): the policy and every check refuse it.
# expect: test_kahan_sum=0
# expect-mistake: test_kahan_sum=kahan_uses_library_sum
# %% kahan_sum
def kahan_sum(values):
    return math.fsum(values)
