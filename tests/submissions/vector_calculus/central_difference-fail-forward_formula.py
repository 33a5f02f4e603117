# expect: test_central_difference=0.5
# expect-mistake: test_central_difference=forward_formula
# %% central_difference
def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
