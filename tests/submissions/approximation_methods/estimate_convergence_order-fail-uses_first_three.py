# The order from the first three errors, far from the asymptotic phase.
# expect: test_estimate_convergence_order=1
# expect-mistake: test_estimate_convergence_order=order_uses_first_three
# %% estimate_convergence_order
def estimate_convergence_order(errors):
    e = np.asarray(errors, dtype=float)
    if e.size < 3:
        raise ValueError("need three errors")
    return float(np.log(e[2] / e[1]) / np.log(e[1] / e[0]))
