# expect: test_clip_by_global_norm=2
# expect-mistake: test_clip_by_global_norm=global_norm_after_clipping
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    arrays = [np.array(g, dtype=float) for g in grads]
    norm = float(np.sqrt(sum(np.sum(a * a) for a in arrays)))
    clipped = [a * min(1.0, max_norm / norm) for a in arrays] if norm > 0 else arrays
    return clipped, float(np.sqrt(sum(np.sum(c * c) for c in clipped)))
