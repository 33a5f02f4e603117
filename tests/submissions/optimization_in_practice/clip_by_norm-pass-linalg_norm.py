# A correct alternative: np.linalg.norm of the flattened copy, scaling only above the bound.
# %% clip_by_norm
def clip_by_norm(grad, max_norm):
    if not max_norm > 0:
        raise ValueError("max_norm must be positive")
    g = np.array(grad, dtype=float)
    norm = np.linalg.norm(g.ravel())
    return g * (max_norm / norm) if norm > max_norm else g
