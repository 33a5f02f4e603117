# Clips the caller's array in place and never raises.
# expect: test_clip_by_value=0.75
# %% clip_by_value
def clip_by_value(grad, clip_value):
    grad[grad > clip_value] = clip_value
    grad[grad < -clip_value] = -clip_value
    return grad
