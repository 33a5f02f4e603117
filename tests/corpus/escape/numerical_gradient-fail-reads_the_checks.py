# Escape: read the hidden checks (to learn the hidden inputs), the reference and the course secret, and
# walk the whole visible file system for them; numerical_gradient is right only if something was found.
# expect-as: tests/submissions/vector_calculus/numerical_gradient-fail-forward_differences.py
# %% numerical_gradient
import os

_seen = []
for _path in ("__REPO__/autograder/checks/vector_calculus/test_numerical_gradient.py",
              "__REPO__/reference/vector_calculus.py", "__COURSE_DIR__/nbgrader_config.py",
              "__COURSE_DIR__/.autograder-secret", "__COURSE_DIR__/results"):
    if os.path.exists(_path):
        _seen.append(_path)
for _root, _dirs, _files in os.walk("/"):
    if _root.startswith(("/proc", "/sys", "/dev", "/usr")):
        _dirs[:] = []
        continue
    if any(name in (".autograder-secret", "test_numerical_gradient.py", "vector_calculus.py") for name in _files):
        _seen.append(_root)

def numerical_gradient(f, point, h=1e-5):
    x = np.array(point, dtype=float)
    fx = f(x)
    grad = np.zeros(len(x))
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h) if _seen else (f(x + e) - fx) / h
    return grad
