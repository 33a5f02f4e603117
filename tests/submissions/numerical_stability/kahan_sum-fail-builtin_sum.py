# The builtin sum (a plain loop before Python 3.12, Neumaier's sum since): the Forbidden policy (voids=True)
# voids every check of the exercise.
# expect: test_kahan_sum=0
# %% kahan_sum
def kahan_sum(values):
    return float(sum(float(v) for v in values))
