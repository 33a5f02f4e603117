# Escape: give every grade full marks with an SQL UPDATE on the gradebook and overwrite a file of the course
# (a canary the test watches); the answer has the wrong sign.
# expect-as: tests/submissions/vector_calculus/gaussian_derivative-fail-sign_error.py
# %% gaussian_derivative
import sqlite3

for _path in ("__COURSE_DIR__/gradebook.db", "../../../gradebook.db"):
    try:
        _db = sqlite3.connect(_path, timeout=1)
        _db.execute("UPDATE grade SET manual_score = 1000")
        _db.commit()
    except sqlite3.Error:
        pass
try:
    with open("__COURSE_DIR__/escape-canary.txt", "w") as _canary:
        _canary.write("written from a sandbox")
except OSError:
    pass

def gaussian_derivative(x):
    x = np.asarray(x, dtype=np.float64)
    return 2.0 * x * np.exp(-x ** 2)
