# expect: test_clip_by_value=1
# expect-mistake: test_clip_by_value=clip_value_one_sided
# %% clip_by_value
def clip_by_value(grad, clip_value):
    if clip_value <= 0:
        raise ValueError("clip_value must be positive")
    return np.minimum(np.asarray(grad, dtype=float), clip_value)
