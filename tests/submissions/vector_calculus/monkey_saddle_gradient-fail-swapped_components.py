# Registered mistake: [df/dy, df/dx].
# expect: test_monkey_saddle_gradient=0
# expect-mistake: test_monkey_saddle_gradient=swapped_components
# %% monkey_saddle_gradient
def monkey_saddle_gradient(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([-6 * x * y, 3 * x ** 2 - 3 * y ** 2])
