"""Which registered mistake the feedback names: two workarounds for the check library.

1. A value checked that is not itself a student call (an array inside the list that
   clip_by_global_norm returns) is compared without a Returned, so no mistake is matched; a value
   failure without a mistake is therefore matched again on the whole call (whose mistakes return
   whole tuples). For a call or a tuple item this finds nothing new and costs nothing.
2. Mistakes are matched by value at every rung, so a right value of the wrong dtype (an int or
   float32 answer), or a right value from a call that changed its arguments, is blamed on the first
   mistake that agrees with the right answer on these inputs (a float32 cosine_annealing(0.5, 30, 100)
   is "cosine_no_min"); such a match at the type, dtype or mutation rung is dropped. (At the shape
   rung no such mistake can match, since it has the right shape: a match there is kept.)
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
