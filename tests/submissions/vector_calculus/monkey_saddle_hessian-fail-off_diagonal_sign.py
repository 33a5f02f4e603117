# Registered mistake: +6y off the diagonal (right at the origin).
# expect: test_monkey_saddle_hessian=1
# expect-mistake: test_monkey_saddle_hessian=off_diagonal_sign
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = np.asarray(point, dtype=float)
    return np.array([[6 * x, 6 * y], [6 * y, -6 * x]])
