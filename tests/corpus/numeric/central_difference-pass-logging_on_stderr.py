# Numeric: a correct answer that logs on stderr (logging, print to sys.stderr, a raw write to fd 2).
# %% central_difference
import logging
import os
import sys

logging.basicConfig(level=logging.DEBUG)

def central_difference(f, x, h=1e-5):
    logging.warning("central_difference called with h=%g", h)
    print("debug: computing", file=sys.stderr)
    os.write(2, b"raw stderr\n")
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x - h)) / (2 * h)
