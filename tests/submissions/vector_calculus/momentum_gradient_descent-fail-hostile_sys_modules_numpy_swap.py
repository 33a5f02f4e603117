# Hostile: replace numpy.testing in the student's process (sys.modules['numpy'].testing and
# sys.modules['numpy.testing']) with a stub whose assertions never fail, then answer wrongly
# (plain gradient descent: the velocity does not carry over).
# expect: test_momentum_gradient_descent=0.25
# expect-mistake: test_momentum_gradient_descent=no_momentum
# %% momentum_gradient_descent
import sys
import types

_stub = types.ModuleType("numpy.testing")
for _name in ("assert_allclose", "assert_array_almost_equal", "assert_array_equal", "assert_almost_equal",
              "assert_equal", "assert_array_less"):
    setattr(_stub, _name, lambda *args, **kwargs: None)
sys.modules["numpy"].testing = _stub
sys.modules["numpy.testing"] = _stub
sys.modules["numpy"].allclose = lambda *args, **kwargs: True


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
# %% new after momentum_gradient_descent
# A second cell, as a student would add it: swap the module again, in case the first swap was undone.
import sys, types
sys.modules["numpy"].testing = types.SimpleNamespace(assert_allclose=lambda *a, **k: None,
                                                     assert_array_equal=lambda *a, **k: None)
