"""The check library on hand-made answers: the ladder's rungs and the feedback text, pinned."""
import re

import numpy as np
import pytest

from autograder import wire
from autograder.checking import (CheckFailure, Forbidden, expect_array, expect_equal, expect_no_warnings,
                                 expect_scalar, expect_tuple, expect_unchanged, mistake, tolerances)
from autograder.checking import mistakes as registry
from autograder.checking.numerics import estimate_order, sequence_order
from autograder.checking.policy import violations
from autograder.checking.student import Returned


def returned(value, function="f", args=(), warnings=(), args_after=None):
    return Returned(value=value, function=function, args=tuple(args), kwargs={}, warnings=list(warnings), stdout="",
                    calls={}, seconds=0.0, args_after=args_after)


def failure(call) -> CheckFailure:
    with pytest.raises(CheckFailure) as info:
        call()
    return info.value


def test_list_instead_of_array_is_a_type_error_with_a_fix():
    f = failure(lambda: expect_array(returned([1.0, 2.0]), np.array([1.0, 2.0]), what="f(x)"))
    assert f.rung == "type"
    assert f.message == ("f(x) should return a numpy.ndarray of shape (2,) but returned list. "
                         "Convert it with np.asarray(..., dtype=float).")


def test_broadcastable_wrong_shape_is_a_shape_error():
    f = failure(lambda: expect_array(returned(np.ones((1, 3))), np.ones(3), what="f(x)"))
    assert f.rung == "shape"
    assert f.message == "f(x) should have shape (3,) but has shape (1, 3) (it would broadcast, but the shape must match exactly)."


def test_float32_and_complex_are_dtype_errors():
    assert failure(lambda: expect_array(returned(np.ones(2, np.float32)), np.ones(2))).rung == "dtype"
    f = failure(lambda: expect_array(returned(np.ones(2, complex)), np.ones(2), what="f(x)"))
    assert "Complex numbers appeared" in f.message


def test_nan_and_inf_are_reported_before_values():
    f = failure(lambda: expect_array(returned(np.array([np.nan, np.inf, 1.0])), np.ones(3), what="f(x)"))
    assert f.rung == "finite"
    assert f.message.startswith("f(x): the result is not finite (1 NaN, 1 infinite of 3 entries).")


def test_value_report_follows_numpy_and_hides_values():
    f = failure(lambda: expect_array(returned(np.array([1.0, 2.5, 3.0])), np.array([1.0, 2.0, 3.0]),
                                     rtol=1e-7, atol=0.0, why="rounding only", what="f(x)"))
    assert f.rung == "value"
    assert f.message == ("f(x): not within tolerance.\n"
                         "Not equal to tolerance rtol=1e-07, atol=0\n"
                         "Mismatched elements: 1 / 3 (33.3%)\n"
                         "Max absolute difference among violations: 0.5\n"
                         "Max relative difference among violations: 0.25\n"
                         "Why this tolerance: rounding only\n"
                         "First mismatches at indices: (1,)")
    assert "2.5" not in f.message and "DESIRED" in f.detail


def test_scalar_rungs():
    assert failure(lambda: expect_scalar(returned(np.ones(1)), 1.0)).message.endswith("Return a single number, not a collection.")
    assert "integers" in failure(lambda: expect_scalar(returned(1), 1.0)).message
    assert expect_scalar(returned(np.array(2.0)), 2.0) == 2.0  # 0-d float64 is accepted


def test_unsupported_objects_are_judged_by_type():
    f = failure(lambda: expect_scalar(returned(wire.Unsupported("mymod.AlwaysEqual", "x")), 1.0, what="f()"))
    assert f.message == "f() should return a float (float64) but returned mymod.AlwaysEqual."


def test_tuple_parts_keep_the_call():
    parts = expect_tuple(returned((np.ones(2), np.zeros(2)), function="g", args=(1,)), 2)
    assert parts[1].function == "g" and parts[1].args == (1,)
    assert failure(lambda: expect_tuple(returned([1, 2]), 2, what="g()")).message == \
        "g() should return a tuple of 2 items but returned list."


def test_exact_answers_check_type_first():
    assert failure(lambda: expect_equal(returned(1), True, what="h()")).rung == "type"
    assert expect_equal(returned(np.bool_(True)), True, types=(bool, np.bool_)) == np.bool_(True)


def test_warnings_and_mutation_are_named():
    w = {"category": "RuntimeWarning", "message": "overflow encountered in exp", "in_student_code": True}
    f = failure(lambda: expect_no_warnings(returned(1.0, function="sigmoid", warnings=[w])))
    assert f.message == ("sigmoid(...) raised 1 warning(s), e.g. RuntimeWarning: overflow encountered in exp. "
                         "The stable formulation raises none.")
    x = np.ones(3)
    f = failure(lambda: expect_unchanged(returned(None, function="clip", args=(x,), args_after=[np.zeros(3)])))
    assert f.rung == "mutation" and "modified its argument number 1" in f.message


def test_a_registered_mistake_is_named():
    @mistake("doubled", "This matches 2x: drop the factor 2.")
    def doubled(x):
        return 2 * np.asarray(x, dtype=float)

    with registry.active({"f": [doubled.autograder_mistake]}):
        f = failure(lambda: expect_array(returned(np.array([2.0, 4.0]), args=(np.array([1.0, 2.0]),)),
                                         np.array([1.0, 2.0]), what="f(x)"))
    assert f.mistake == {"id": "doubled", "explanation": "This matches 2x: drop the factor 2."}
    assert f.message.endswith("Likely cause: This matches 2x: drop the factor 2.")


def test_tolerances_state_their_error_model():
    tol = tolerances.central_difference(1e-5, f_max=1.0, d3_max=6.0)
    assert tol["atol"] == pytest.approx(4 * (1e-10 + 2 * 2.220446049250313e-16 / 1e-5))
    assert re.search(r"truncation h\^2/6\*max\|f'''\| <= 1\.0e-10", tol["why"])


def test_order_estimates():
    h = np.array([0.1, 0.05, 0.025])
    assert estimate_order(h, 3 * h ** 2) == pytest.approx(2.0)
    assert sequence_order([1e-1, 1e-2, 1e-4]) == pytest.approx(2.0)


def test_forbidden_names_resolve_through_imports():
    policy = Forbidden(["np.finfo", "sum", "math.fsum"], points=1, reason="r")
    source = ("import numpy as xp\nfrom math import fsum as add\n"
              "def eps():\n    return xp.finfo(float).eps + add([1]) + getattr(xp, 'finfo')(float).eps\n"
              "def total(v):\n    return sum(v)\n")
    assert violations(source, policy) == ["np.finfo (line 4)", "math.fsum (line 4)", "sum (line 6)"]
    assert violations("def kahan_sum(values):\n    return 0.0\n", policy) == []


def test_a_mistake_is_named_on_one_item_of_a_tuple():
    @mistake("swapped", "This matches (V, U): swap them back.")
    def swapped(x):
        return (np.zeros(2), np.ones(2))

    with registry.active({"g": [swapped.autograder_mistake]}):
        u, v = expect_tuple(returned((np.zeros(2), np.ones(2)), function="g", args=(1.0,)), 2)
        f = failure(lambda: expect_array(u, np.ones(2), what="U"))
    assert f.mistake["id"] == "swapped"


def test_a_list_never_matches_an_array_mistake():
    @mistake("same_values", "unused")
    def same_values(x):
        return np.array([1.0, 2.0])

    with registry.active({"f": [same_values.autograder_mistake]}):
        f = failure(lambda: expect_array(returned([1.0, 2.0], args=(0,)), np.array([1.0, 2.0])))
    assert f.rung == "type" and f.mistake is None


def test_policy_ignores_names_the_cell_binds_and_finds_methods():
    policy = Forbidden(["sum", ".sum"], points=1, reason="r")
    assert violations("def k(values):\n    sum = 0.0\n    for v in values:\n        sum += v\n    return sum\n", policy) == []
    assert violations("def k(values):\n    return np.asarray(values).sum()\n", policy) == [".sum() (line 2)"]


def test_mistakes_need_the_check_tolerance_and_a_warning_when_the_failure_is_one():
    @mistake("half", "half")
    def half(x):
        return 1.1e-16

    with registry.active({"f": [half.autograder_mistake]}):
        f = failure(lambda: expect_scalar(returned(2.2e-16, args=(0,)), 3e-16, rtol=1e-3, what="eps"))
        assert f.mistake is None  # 2.2e-16 is not 1.1e-16, however small both are
        w = {"category": "RuntimeWarning", "message": "overflow", "in_student_code": True}
        f = failure(lambda: expect_no_warnings(returned(1.1e-16, args=(0,), warnings=[w])))
        assert f.mistake is None  # the mistake's replay raises no warning


def test_an_expected_infinity_is_not_a_finiteness_fault():
    assert expect_scalar(returned(-np.inf), -np.inf) == -np.inf
    assert failure(lambda: expect_scalar(returned(np.inf), -np.inf)).rung == "finite"


def test_the_closest_matching_mistake_is_named():
    @mistake("far", "far")
    def far(x):
        return 1.0 + 4e-7

    @mistake("near", "near")
    def near(x):
        return 1.0 + 1e-7

    with registry.active({"f": [far.autograder_mistake, near.autograder_mistake]}):
        f = failure(lambda: expect_scalar(returned(1.0 + 1e-7, args=(0,)), 1.0, rtol=1e-9))
    assert f.mistake["id"] == "near"
