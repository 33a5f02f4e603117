# np.clip on an integer gradient stays integer: the dtype rung says so (no value mistake to name).
# expect: test_clip_by_value=1.75
# %% clip_by_value
def clip_by_value(grad, clip_value):
    if clip_value <= 0:
        raise ValueError("clip_value must be positive")
    return np.clip(grad, -clip_value, clip_value)
