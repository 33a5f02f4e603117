# expect: test_clip_by_global_norm=1.5
# expect-mistake: test_clip_by_global_norm=global_norm_sum_of_norms
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    arrays = [np.array(g, dtype=float) for g in grads]
    total = float(sum(np.linalg.norm(a) for a in arrays))
    if total <= max_norm:
        return arrays, total
    return [a * (max_norm / total) for a in arrays], total
