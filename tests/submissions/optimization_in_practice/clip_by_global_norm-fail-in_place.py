# Scales the caller's arrays in place: expect_unchanged cannot see arrays inside a list, the check compares them.
# expect: test_clip_by_global_norm=2.5
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    global_norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    if global_norm > max_norm:
        for g in grads:
            g *= max_norm / global_norm
    return [np.array(g, dtype=float) for g in grads], global_norm
