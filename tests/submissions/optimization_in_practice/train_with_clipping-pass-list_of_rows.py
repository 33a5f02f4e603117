# A correct alternative: a list of new rows stacked at the end.
# %% train_with_clipping
def train_with_clipping(grad_f, x0, lr, max_norm, n_steps):
    rows = [np.asarray(x0, dtype=float).copy()]
    for _ in range(n_steps):
        rows.append(rows[-1] - lr * clip_by_norm(grad_f(rows[-1]), max_norm))
    return np.vstack(rows)
