# g / norm * min(norm, max_norm): right except for all-zero gradients, which become NaN (with a warning).
# expect: test_clip_by_global_norm=2.5
# expect-mistake: test_clip_by_global_norm=global_norm_zero_nan
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    arrays = [np.array(g, dtype=float) for g in grads]
    norm = np.sqrt(sum(np.sum(a * a) for a in arrays))
    return [a / norm * min(norm, max_norm) for a in arrays], float(norm)
