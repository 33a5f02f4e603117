"""Tolerances derived from a method's error model: truncation plus rounding.

Each function returns a ``Tolerance`` (a dict, so ``expect_array(got, want, **tol)`` works) whose
``why`` states the model in the words a student can check against the lecture.
"""
from __future__ import annotations

EPS = 2.220446049250313e-16  # float64 machine epsilon
SAFETY = 4.0  # bounds are estimates; allow a small factor before calling an answer wrong


class Tolerance(dict):
    def __init__(self, rtol: float, atol: float, why: str):
        super().__init__(rtol=rtol, atol=atol, why=why)


def _fmt(x: float) -> str:
    return f"{x:.1e}"


def forward_difference(h: float, f_max: float, d2_max: float, x_max: float = 1.0, d1_max: float = 1.0) -> Tolerance:
    """(f(x+h) - f(x))/h: truncation h/2 |f''|, rounding 2 eps |f| / h (+ eps |x| |f'| / h for x + h)."""
    truncation = h / 2 * d2_max
    rounding = 2 * EPS * f_max / h + EPS * x_max * d1_max / h
    return Tolerance(1e-12, SAFETY * (truncation + rounding),
                     f"forward difference with h={h:g}: truncation h/2*max|f''| <= {_fmt(truncation)} "
                     f"plus rounding about 2*eps*max|f|/h <= {_fmt(rounding)}")


def central_difference(h: float, f_max: float, d3_max: float, x_max: float = 1.0, d1_max: float = 1.0) -> Tolerance:
    """(f(x+h) - f(x-h))/(2h): truncation h^2/6 |f'''|, rounding eps |f| / h."""
    truncation = h * h / 6 * d3_max
    rounding = EPS * f_max / h + EPS * x_max * d1_max / h
    return Tolerance(1e-12, SAFETY * (truncation + rounding),
                     f"central difference with h={h:g}: truncation h^2/6*max|f'''| <= {_fmt(truncation)} "
                     f"plus rounding about eps*max|f|/h <= {_fmt(rounding)}")


def second_difference(h: float, f_max: float, d4_max: float) -> Tolerance:
    """Central second differences (3-point with step h, or 4-point with step 2h on the diagonal):
    truncation at most (2h)^2/12 |f''''| = h^2/3 |f''''|, rounding about 4 eps |f| / h^2."""
    truncation = h * h / 3 * d4_max
    rounding = 4 * EPS * f_max / (h * h)
    return Tolerance(1e-9, SAFETY * (truncation + rounding),
                     f"central second difference with h={h:g}: truncation about h^2/3*max|f''''| <= {_fmt(truncation)} "
                     f"plus rounding about 4*eps*max|f|/h^2 <= {_fmt(rounding)}")


def closed_form(ulps: float = 64) -> Tolerance:
    """A closed-form expression: only rounding, a few ulps per operation."""
    return Tolerance(ulps * EPS, 0.0, f"a closed-form formula: rounding only, rtol={ulps:g}*eps={ulps * EPS:.1e}")


def iteration(steps: int) -> Tolerance:
    """An iteration that follows the same formula: rounding grows at most linearly with steps here
    (the iterations checked are contractions), so allow eps per step with a safety margin."""
    rtol = max(1e-12, SAFETY * 64 * EPS * steps)
    return Tolerance(rtol, 1e-12, f"{steps} iterations of the same update: rounding only, about eps per step (rtol={rtol:.1e})")
