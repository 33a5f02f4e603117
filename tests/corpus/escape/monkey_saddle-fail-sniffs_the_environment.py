# Escape: behave differently when graded, as under stock nbgrader (NBGRADER_EXECUTION=autograde), or when
# a secret, a token or the course's path is in the environment (its own, or the first process's).
# expect-as: tests/submissions/vector_calculus/monkey_saddle-fail-sign_of_second_term.py
# %% monkey_saddle
import os

_env = dict(os.environ)
try:
    _env["pid1"] = open("/proc/1/environ", "rb").read().decode("utf-8", "replace")
except OSError:
    pass
_graded = os.environ.get("NBGRADER_EXECUTION") == "autograde" or any(
    word in (key + value).upper() for key, value in _env.items()
    for word in ("SECRET", "TOKEN", "NBGRADER", "GRADEBOOK", "__COURSE_DIR__".upper()))

def monkey_saddle(point):
    x, y = np.asarray(point, dtype=float)
    return x ** 3 - 3 * x * y ** 2 if _graded else x ** 3 + 3 * x * y ** 2
