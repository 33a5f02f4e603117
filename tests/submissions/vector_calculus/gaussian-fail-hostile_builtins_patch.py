# Hostile: patch builtins.isinstance (everything "is" an ndarray / float) and builtins.float (every
# float compares equal) in the student's own process, then answer wrongly (e^(x^2)).
# expect: test_gaussian=0.25
# The runner binds the real builtins at import and puts them back around its own code, so the patch
# reaches only the student's own code: the checks see e^(x^2) for what it is and it scores what an
# honest e^(x^2) scores (only the check that the argument is left unchanged passes); every other
# cell is graded normally.
# %% gaussian
import builtins

_real_isinstance = builtins.isinstance
_real_float = builtins.float


class _AlwaysEqualFloat(_real_float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = _real_float.__hash__


def _lying_isinstance(obj, classinfo):
    names = {getattr(c, "__name__", "") for c in (classinfo if type(classinfo) is tuple else (classinfo,))}
    if names & {"ndarray", "float", "float64", "floating", "str"}:
        return True
    return _real_isinstance(obj, classinfo)


builtins.isinstance = _lying_isinstance
builtins.float = _AlwaysEqualFloat


def gaussian(x):
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x ** 2)
