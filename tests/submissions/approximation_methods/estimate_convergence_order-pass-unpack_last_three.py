# A correct alternative: unpack the last three errors (fewer than three: ValueError from the unpacking) and use math.log.
# %% estimate_convergence_order
import math

def estimate_convergence_order(errors):
    """The order p from the last three errors."""
    e_prev, e_now, e_next = (float(e) for e in list(errors)[-3:])
    return math.log(e_next / e_now) / math.log(e_now / e_prev)
