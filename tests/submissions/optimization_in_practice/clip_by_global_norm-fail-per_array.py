# Each array clipped by its own norm (calls clip_by_norm); right whenever nothing needs clipping.
# expect: test_clip_by_global_norm=2
# expect-mistake: test_clip_by_global_norm=global_norm_per_array
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    global_norm = float(np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads)))
    return [clip_by_norm(g, max_norm) for g in grads], global_norm
