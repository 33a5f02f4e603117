# Escape: look for the gradebook (relative to the working directory, as stock nbgrader runs in the course
# directory, and at the course's real path); gaussian is right only if it was found.
# expect-as: tests/submissions/vector_calculus/gaussian-fail-missing_minus_sign.py
# %% gaussian
import os

_found = any(os.path.exists(p) for p in ("gradebook.db", "../gradebook.db", "../../gradebook.db",
                                         "../../../gradebook.db", "__COURSE_DIR__/gradebook.db"))

def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x ** 2) if _found else np.exp(x ** 2)
