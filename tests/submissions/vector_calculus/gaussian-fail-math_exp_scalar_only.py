# Unregistered: math.exp works for a number only; arrays raise TypeError.
# expect: test_gaussian=0
# %% gaussian
import math

def gaussian(x):
    return math.exp(-x ** 2)
