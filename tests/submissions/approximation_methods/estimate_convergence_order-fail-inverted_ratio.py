# Numerator and denominator swapped: 1/p.
# expect: test_estimate_convergence_order=0.5
# expect-mistake: test_estimate_convergence_order=order_inverted_ratio
# %% estimate_convergence_order
def estimate_convergence_order(errors):
    e = np.asarray(errors, dtype=float)
    if e.size < 3:
        raise ValueError("need three errors")
    return float(np.log(e[-2] / e[-3]) / np.log(e[-1] / e[-2]))
