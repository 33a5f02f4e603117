# Tamper: patch the wire format inside the sandbox so that every array the student returns is sent as
# an ndarray subclass (as if it were an np.matrix of the right values). Only the student's own answers
# change, and a subclass is refused by type: the checks after this cell that expect arrays lose their
# points (classify_critical_point's too, where the arguments come back for the mutation check), the
# earlier ones and those expecting strings keep theirs.
# expect: test_monkey_saddle_hessian=0, test_numerical_hessian=0, test_classify_critical_point=2.75
# %% new after monkey_saddle_hessian
import sys

_wire = sys.modules["autograder.wire"]
_to_data = _wire.to_data

def _forged(value, _depth=0):
    data = _to_data(value, _depth)
    if isinstance(data, dict) and "__ndarray__" in data:
        data["__ndarray__"]["subclass"] = "numpy.matrix"
    return data

_wire.to_data = _forged
