# Tamper: replace the sandbox runner's own call handler, so every later call "returns" a made-up answer
# with a field claiming full marks. The runner is the student's own process: the forged answers are
# judged like any other (a float is not a classification), and nothing in them is read as a score.
# expect: test_classify_critical_point=0
# %% new after classify_critical_point
import sys

_runner = sys.modules["autograder.sandbox.runner"]
_runner.Notebook.call = lambda self, request: {
    "status": "ok", "value": 3.0, "points": 100, "score": 3.0, "warnings": [], "stdout": "3.0",
    "calls": {}, "seconds": 0.0}
