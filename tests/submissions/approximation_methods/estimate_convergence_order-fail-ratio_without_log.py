# A ratio of ratios without logarithms.
# expect: test_estimate_convergence_order=0.5
# expect-mistake: test_estimate_convergence_order=order_ratio_without_log
# %% estimate_convergence_order
def estimate_convergence_order(errors):
    if len(errors) < 3:
        raise ValueError("need three errors")
    e1, e2, e3 = errors[-3], errors[-2], errors[-1]
    return float((e3 / e2) / (e2 / e1))
