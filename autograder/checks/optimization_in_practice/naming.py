"""Which registered mistake the feedback names: two workarounds for the check library.

1. ``mistakes.match`` compares an item of a returned tuple (a part from ``expect_tuple``) with the
   mistake's whole tuple, so a mistake never matches one; a value failure inside a tuple is
   therefore matched again on the whole call (mistakes here return whole tuples).
2. Mistakes are matched by value at every rung, so a right value of the wrong type or dtype, or a
   right value from a call that changed its arguments, is blamed on the first mistake that agrees
   with the right answer on these inputs; such a match is dropped. (At the shape rung no such
   mistake can match: it has the right shape, so a match there is kept.)
"""
import contextlib

from autograder.checking import CheckFailure, expect_true

NOT_A_VALUE = ("type", "dtype", "mutation")


@contextlib.contextmanager
def named_by_value(got):
    """Run expect_* calls about ``got`` (a student call) and name mistakes only from its value."""
    __tracebackhide__ = True
    try:
        yield
    except CheckFailure as failure:
        if failure.mistake and failure.rung in NOT_A_VALUE:
            message = failure.message.replace(f"\nLikely cause: {failure.mistake['explanation']}", "")
            raise CheckFailure(message, rung=failure.rung, detail=failure.detail) from None
        if not failure.mistake and failure.rung in ("value", "finite"):
            expect_true(False, failure.message, rung=failure.rung, got=got, detail=failure.detail)
        raise
