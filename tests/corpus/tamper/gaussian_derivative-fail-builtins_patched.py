# Tamper: builtins that a grader might use (abs, round, all, any, sum, min) lie in the student's process;
# the answer has the wrong sign.
# expect-as: tests/submissions/vector_calculus/gaussian_derivative-fail-sign_error.py
# %% gaussian_derivative
import builtins

builtins.abs = lambda x: 0.0
builtins.round = lambda x, n=None: 0.0
builtins.all = lambda it: True
builtins.any = lambda it: False
builtins.sum = lambda it, start=0: 0.0
builtins.min = lambda *a, **k: 0.0

def gaussian_derivative(x):
    x = np.asarray(x, dtype=np.float64)
    return 2.0 * x * np.exp(-x ** 2)
