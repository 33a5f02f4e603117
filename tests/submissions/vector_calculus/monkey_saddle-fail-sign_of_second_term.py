# Registered mistake: x^3 + 3xy^2.
# expect: test_monkey_saddle=0
# expect-mistake: test_monkey_saddle=sign_of_second_term
# %% monkey_saddle
def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 + 3 * x * y ** 2
