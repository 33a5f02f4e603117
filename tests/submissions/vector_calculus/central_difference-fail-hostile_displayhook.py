# Hostile: print a fake score through the display hook (nbgrader reads it as partial credit), answer wrongly.
# expect: test_central_difference=0.5
# expect-mistake: test_central_difference=forward_formula
# %% central_difference
import sys
sys.displayhook(3.0)
print("3.0")

def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
