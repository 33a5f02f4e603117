# A correct alternative: the global norm of all entries concatenated, one shared factor.
# %% clip_by_global_norm
def clip_by_global_norm(grads, max_norm):
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    arrays = [np.array(g, dtype=float) for g in grads]
    global_norm = float(np.linalg.norm(np.concatenate([a.ravel() for a in arrays])))
    factor = max_norm / global_norm if global_norm > max_norm else 1.0
    return [a * factor for a in arrays], global_norm
