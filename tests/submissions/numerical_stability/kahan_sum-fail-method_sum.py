# A library summation called as a method (NumPy's pairwise sum): the Forbidden policy's ".sum" finds it and
# voids every check of the exercise.
# expect: test_kahan_sum=0
# %% kahan_sum
def kahan_sum(values):
    return float(np.asarray(values, dtype=float).sum())
