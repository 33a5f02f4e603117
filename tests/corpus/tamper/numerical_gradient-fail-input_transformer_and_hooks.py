# Tamper: IPython input transformers and a pre_run_cell hook (if a shell exists), sys.settrace and
# sys.setprofile hooks, and an edit of the sandbox runner's own IPython-syntax filter that rewrites every
# later cell; the answer uses forward differences.
# expect-as: tests/submissions/vector_calculus/numerical_gradient-fail-forward_differences.py
# %% new after setup
import sys

try:
    shell = get_ipython()
    shell.input_transformers_post.append(lambda lines: [l.replace("assert ", "pass  # ") for l in lines])
    shell.events.register("pre_run_cell", lambda *a: print("3.0"))
except NameError:
    pass
sys.settrace(lambda frame, event, arg: None)
sys.setprofile(lambda frame, event, arg: None)
_cells = sys.modules.get("autograder.sandbox.cells")
if _cells is not None:
    _strip = _cells.strip_ipython_syntax
    _cells.strip_ipython_syntax = lambda source: _strip(source.replace("assert ", "pass  # "))
# %% numerical_gradient
def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    fx = f(x)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad[i] = (f(x + e) - fx) / h
    return grad
