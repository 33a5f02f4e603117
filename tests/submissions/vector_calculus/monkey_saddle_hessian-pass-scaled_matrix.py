# A correct alternative: 6 * [[x, -y], [-y, -x]] from Python floats.
# %% monkey_saddle_hessian
def monkey_saddle_hessian(point):
    x, y = (float(c) for c in point)
    return 6.0 * np.array([[x, -y], [-y, -x]])
