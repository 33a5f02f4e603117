# expect: test_clip_by_value=1
# expect-mistake: test_clip_by_value=clip_value_by_norm
# %% clip_by_value
def clip_by_value(grad, clip_value):
    if clip_value <= 0:
        raise ValueError("clip_value must be positive")
    g = np.asarray(grad, dtype=float)
    return g * min(1.0, clip_value / np.linalg.norm(g))
