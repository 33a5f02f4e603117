"""The trusted check library: what a hidden check module imports.

    from autograder.checking import (points, sandboxed, mistake, Forbidden, tolerances,
        expect_array, expect_scalar, expect_tuple, expect_form, expect_equal, expect_true,
        expect_no_warnings, expect_raises, expect_unchanged, estimate_order)

See docs/writing-checks.md for a walk-through.
"""
from autograder.checking.expect import (expect_array, expect_equal, expect_form, expect_no_warnings, expect_raises,
                                        expect_scalar, expect_true, expect_tuple, expect_unchanged)
from autograder.checking.failures import CheckConfigurationError, CheckFailure
from autograder.checking.helpers import sandboxed
from autograder.checking.mistakes import mistake
from autograder.checking.numerics import estimate_order, sequence_order
from autograder.checking.policy import Forbidden
from autograder.checking.runner import points
from autograder.checking import tolerances

__all__ = [
    "CheckConfigurationError", "CheckFailure", "Forbidden", "estimate_order", "expect_array", "expect_equal", "expect_form",
    "expect_no_warnings", "expect_raises", "expect_scalar", "expect_true", "expect_tuple", "expect_unchanged",
    "mistake", "points", "sandboxed", "sequence_order", "tolerances",
]
