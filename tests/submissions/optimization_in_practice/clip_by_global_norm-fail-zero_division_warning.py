# Right values everywhere, but all-zero gradients divide by zero and warn where the contract says "no warning".
# expect: test_clip_by_global_norm=2.5
# expect-mistake: test_clip_by_global_norm=global_norm_zero_division_warning
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    arrays = [np.array(g, dtype=float) for g in grads]
    norm = np.sqrt(sum(np.sum(a * a) for a in arrays))
    factor = min(1.0, max_norm / norm)
    return [a * factor for a in arrays], float(norm)
