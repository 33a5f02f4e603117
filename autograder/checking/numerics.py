"""Numerical properties measured from a student's outputs (orders of convergence, rates)."""
from __future__ import annotations

import numpy as np


def estimate_order(steps, errors) -> float:
    """Least-squares slope of log(error) against log(step): the observed order of accuracy.

    Errors that are zero or not finite are dropped; fewer than two usable points give NaN.
    """
    steps = np.asarray(steps, dtype=float)
    errors = np.abs(np.asarray(errors, dtype=float))
    keep = np.isfinite(errors) & (errors > 0)
    if keep.sum() < 2:
        return float("nan")
    slope, _ = np.polyfit(np.log(steps[keep]), np.log(errors[keep]), 1)
    return float(slope)


def sequence_order(errors) -> float:
    """Order p from the last three errors of an iteration: log(e3/e2) / log(e2/e1)."""
    e1, e2, e3 = (float(abs(e)) for e in list(errors)[-3:])
    return float(np.log(e3 / e2) / np.log(e2 / e1))
