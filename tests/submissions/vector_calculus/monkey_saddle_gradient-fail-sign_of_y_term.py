# Registered mistake: [3x^2 + 3y^2, -6xy].
# expect: test_monkey_saddle_gradient=0
# expect-mistake: test_monkey_saddle_gradient=sign_of_y_term
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([3 * x ** 2 + 3 * y ** 2, -6 * x * y])
