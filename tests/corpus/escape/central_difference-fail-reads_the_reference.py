# Escape: load the reference solutions from the repository and return theirs; otherwise the forward formula.
# expect-as: tests/submissions/vector_calculus/central_difference-fail-forward_formula.py
# %% central_difference
_reference = {}
for _path in ("__REPO__/reference/vector_calculus.py", "__COURSE_DIR__/reference/vector_calculus.py",
              "../../../reference/vector_calculus.py"):
    try:
        exec(open(_path).read(), _reference)
        break
    except OSError:
        pass

def central_difference(f, x, h=1e-5):
    if "central_difference" in _reference:
        return _reference["central_difference"](f, x, h)
    x = np.asarray(x, dtype=float)
    return (f(x + h) - f(x)) / h
