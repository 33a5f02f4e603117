# A library routine (exact, but not the exercise): the Forbidden policy (voids=True) voids every check.
# expect: test_kahan_sum=0
# %% kahan_sum
def kahan_sum(values):
    return math.fsum(values)
