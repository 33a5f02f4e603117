# A correct alternative: np.where on a float copy, no np.clip.
# %% clip_by_value
def clip_by_value(grad, clip_value):
    if clip_value <= 0:
        raise ValueError("clip_value must be positive")
    g = np.array(grad, dtype=float)
    g = np.where(g > clip_value, clip_value, g)
    return np.where(g < -clip_value, -clip_value, g)
