# A correct alternative: in polar coordinates the monkey saddle is r^3 cos(3 theta).
# %% monkey_saddle
import math

def monkey_saddle(point):
    x, y = point
    r = math.hypot(x, y)
    return r ** 3 * math.cos(3 * math.atan2(y, x))
