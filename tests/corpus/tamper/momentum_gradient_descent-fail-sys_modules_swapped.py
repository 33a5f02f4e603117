# Tamper: replace numpy and numpy.testing in sys.modules with permissive fakes (for anything imported
# later), and register fake 'autograder' and 'nbgrader' packages; answer plain gradient descent.
# expect-as: tests/submissions/vector_calculus/momentum_gradient_descent-fail-no_momentum.py
# %% momentum_gradient_descent
import sys
import types

_fake_testing = types.ModuleType("numpy.testing")
_fake_testing.assert_allclose = lambda *a, **k: None
sys.modules["numpy.testing"] = _fake_testing
for _name in ("autograder", "autograder.checking", "nbgrader", "nbgrader.utils", "pytest"):
    _fake = types.ModuleType(_name)
    _fake.determine_grade = lambda *a, **k: (100.0, 100.0)
    sys.modules[_name] = _fake

def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    x = np.array(x0, dtype=float)
    path, values = [x.copy()], [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=float)
        x = x - learning_rate * g
        path.append(x.copy())
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            break
    return np.array(path), np.array(values)
