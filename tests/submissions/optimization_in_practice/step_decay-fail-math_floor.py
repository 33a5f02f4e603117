# math.floor fails on an array of steps: only the scalar check passes (no value mistake to name).
# expect: test_step_decay=0.5
# %% step_decay
import math

def step_decay(lr0, step, drop=0.5, step_size=10):
    return lr0 * drop ** math.floor(step / step_size)
