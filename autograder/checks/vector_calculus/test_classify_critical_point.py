"""Hidden checks for classify_critical_point(hessian, tol=1e-8)."""
import numpy as np
import pytest

from autograder.checking import expect_equal, expect_unchanged, mistake, points


def _eigenvalues(hessian):
    return np.linalg.eigvalsh(np.asarray(hessian, dtype=float))


@mistake("degenerate_checked_last", "This answer classifies by sign before testing for zero eigenvalues: test "
         "|lambda| <= tol first, since a tiny eigenvalue makes the test inconclusive.")
def degenerate_checked_last(hessian, tol=1e-8):
    lam = _eigenvalues(hessian)
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "degenerate" if np.any(np.abs(lam) <= tol) else "saddle"


@mistake("ignores_tol", "This answer treats only exactly-zero eigenvalues as degenerate: an eigenvalue with "
         "|lambda| <= tol must count as zero.")
def ignores_tol(hessian, tol=1e-8):
    lam = _eigenvalues(hessian)
    if np.any(lam == 0):
        return "degenerate"
    return "minimum" if np.all(lam > 0) else "maximum" if np.all(lam < 0) else "saddle"


@mistake("determinant_test", "This answer uses the determinant and trace (the 2x2 rule); for n > 2 use the "
         "signs of all eigenvalues.")
def determinant_test(hessian, tol=1e-8):
    H = np.asarray(hessian, dtype=float)
    det, trace = np.linalg.det(H), np.trace(H)
    if abs(det) <= tol:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if trace > 0 else "maximum"


def _spd(rng, n, signs):
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    lam = np.array(signs, dtype=float) * rng.uniform(0.5, 3.0, size=n)
    return q @ np.diag(lam) @ q.T


@points(0.5)
@pytest.mark.parametrize("signs, answer", [((1, 1, 1), "minimum"), ((-1, -1, -1), "maximum"), ((1, -1, 1), "saddle")],
                         ids=["positive", "negative", "indefinite"])
def test_classifies_definite_and_indefinite(student, rng, signs, answer):
    """Check the answer on a random symmetric 3x3 matrix with eigenvalues of the given signs."""
    expect_equal(student.classify_critical_point(_spd(rng, 3, signs)), answer,
                 what=f"classify_critical_point of a random 3x3 matrix with eigenvalue signs {signs}")


@points(0.5)
def test_zero_eigenvalue_is_degenerate(student):
    """Check that a singular Hessian (the monkey saddle's at the origin) is "degenerate"."""
    expect_equal(student.classify_critical_point(np.zeros((2, 2))), "degenerate",
                 what="classify_critical_point(zeros((2, 2)))")


@points(0.5)
def test_tolerance_decides_small_eigenvalues(student, rng):
    """Check that |lambda| <= tol counts as zero, and that a smaller tol changes the answer."""
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    mixed = q @ np.diag([1e-9, -1.0, 2.0]) @ q.T
    expect_equal(student.classify_critical_point((mixed + mixed.T) / 2), "degenerate",
                 what="classify_critical_point(H) with eigenvalues (1e-9, -1, 2) and the default tol=1e-8")
    H = q @ np.diag([1e-9, 1.0, 2.0]) @ q.T
    H = (H + H.T) / 2
    expect_equal(student.classify_critical_point(H), "degenerate",
                 what="classify_critical_point(H) with eigenvalues (1e-9, 1, 2) and the default tol=1e-8")
    expect_equal(student.classify_critical_point(H, tol=1e-12), "minimum",
                 what="classify_critical_point(H, tol=1e-12) with eigenvalues (1e-9, 1, 2)")


@points(0.25)
def test_saddle_is_not_degenerate(student, rng):
    """Check that a 4x4 saddle with a small but clear eigenvalue is a "saddle"."""
    H = _spd(rng, 4, (1, -1, 1, 1))
    expect_equal(student.classify_critical_point(H), "saddle", what="classify_critical_point of a 4x4 saddle")


@points(0.25)
def test_does_not_modify_hessian(student, rng):
    """Check that classify_critical_point leaves its matrix unchanged."""
    H = rng.normal(size=(3, 3))
    expect_unchanged(student.classify_critical_point.tracking_arguments(H), what="classify_critical_point(H)")
