"""Reference solutions for the ``vector_calculus`` assignment (EXERCISES.md, section 1).

These functions are the single source of truth for expected values: the hidden checks compare
student answers against them, and the notebook's solution cells use the same formulas.
NumPy only. Every result stated as float64 is float64 for integer and list inputs too, and no
function modifies its arguments.

Module-level helpers (not graded, used by the checks and the notebook): ``rosenbrock``,
``rosenbrock_gradient`` and ``plain_gradient_descent``.
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "gaussian",
    "gaussian_derivative",
    "forward_difference",
    "central_difference",
    "numerical_gradient",
    "grad_sin_cos",
    "numerical_jacobian",
    "momentum_gradient_descent",
    "monkey_saddle",
    "monkey_saddle_gradient",
    "monkey_saddle_hessian",
    "numerical_hessian",
    "classify_critical_point",
    "rosenbrock",
    "rosenbrock_gradient",
    "plain_gradient_descent",
]


# --- one variable ---------------------------------------------------------------------------

def gaussian(x):
    """The Gaussian e^(-x^2), elementwise.

    x: a number or an array of any shape (ints allowed). Returns float64 of the same shape
    (a ``numpy.float64`` for a scalar input).
    """
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-x ** 2)


def gaussian_derivative(x):
    """The analytic derivative of e^(-x^2): -2x e^(-x^2), elementwise.

    x: a number or an array of any shape. Returns float64 of the same shape.
    """
    x = np.asarray(x, dtype=np.float64)
    return -2.0 * x * np.exp(-x ** 2)


def forward_difference(f, x, h=1e-5):
    """Forward difference (f(x + h) - f(x)) / h, elementwise in x.

    f is an elementwise function; x a number or an array of any shape. First-order accurate:
    truncation error O(h). Returns float64 of x's shape.
    """
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h), elementwise in x.

    f is an elementwise function; x a number or an array of any shape. Second-order accurate:
    truncation error O(h^2). Returns float64 of x's shape.
    """
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2 * h)


# --- several variables ----------------------------------------------------------------------

def numerical_gradient(f, point, h=1e-5):
    """Gradient of f: R^n -> R at ``point`` by a central difference in each coordinate.

    Component i is (f(x + h e_i) - f(x - h e_i)) / (2h). ``point`` is a 1-D array or a list of n
    numbers and is not modified. Returns a float64 array of shape (n,).
    """
    x = np.array(point, dtype=np.float64)  # a copy: the caller's array is never touched
    grad = np.zeros(x.shape[0], dtype=np.float64)
    for i in range(x.shape[0]):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def grad_sin_cos(X, Y):
    """Analytic gradient of f(x, y) = sin(x) cos(y).

    Returns the tuple (U, V) = (cos x cos y, -sin x sin y), each float64 of the broadcast shape
    of X and Y (numbers or arrays, e.g. from ``np.meshgrid``).
    """
    X, Y = np.broadcast_arrays(np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64))
    U = np.cos(X) * np.cos(Y)
    V = -np.sin(X) * np.sin(Y)
    return U, V


def numerical_jacobian(f, point, h=1e-5):
    """Jacobian of f: R^n -> R^m at ``point`` by central differences.

    f returns an array of shape (m,) (m may be 1). Column j is
    (f(x + h e_j) - f(x - h e_j)) / (2h). ``point`` is a 1-D array or list of n numbers and is not
    modified. Returns a float64 array of shape (m, n).
    """
    x = np.array(point, dtype=np.float64)
    n = x.shape[0]
    columns = []
    for j in range(n):
        step = np.zeros_like(x)
        step[j] = h
        f_plus = np.ravel(np.asarray(f(x + step), dtype=np.float64))
        f_minus = np.ravel(np.asarray(f(x - step), dtype=np.float64))
        columns.append((f_plus - f_minus) / (2 * h))
    return np.stack(columns, axis=1)


# --- optimisation ---------------------------------------------------------------------------

def momentum_gradient_descent(f, grad_f, x0, learning_rate=0.001, momentum=0.9,
                              n_iters=10000, tol=1e-8):
    """Gradient descent with (heavy-ball) momentum.

    v_0 = 0; each iteration: g = grad_f(x); v = momentum*v + learning_rate*g; x = x - v; append
    x to the path and f(x) to the values; then stop if ||g||_2 < tol. At most ``n_iters``
    iterations. ``x0`` (array or list of n numbers) is not modified.

    Returns (path, values): path float64 of shape (k+1, n) starting with x0, values float64 of
    shape (k+1,) with values[i] = f(path[i]), k the number of iterations done.
    """
    x = np.array(x0, dtype=np.float64)
    v = np.zeros_like(x)
    path = [x.copy()]
    values = [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=np.float64)
        v = momentum * v + learning_rate * g
        x = x - v
        path.append(x.copy())
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            break
    return np.array(path, dtype=np.float64), np.array(values, dtype=np.float64)


def plain_gradient_descent(f, grad_f, x0, learning_rate=0.001, n_iters=10000, tol=1e-8):
    """Plain gradient descent, with the conventions of ``momentum_gradient_descent``.

    Each iteration: g = grad_f(x); x = x - learning_rate*g; append x and f(x); then stop if
    ||g||_2 < tol. Returns (path, values): float64 (k+1, n) starting with x0, and (k+1,).
    """
    x = np.array(x0, dtype=np.float64)
    path = [x.copy()]
    values = [f(x)]
    for _ in range(n_iters):
        g = np.asarray(grad_f(x), dtype=np.float64)
        x = x - learning_rate * g
        path.append(x.copy())
        values.append(f(x))
        if np.linalg.norm(g) < tol:
            break
    return np.array(path, dtype=np.float64), np.array(values, dtype=np.float64)


def rosenbrock(p):
    """Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 (a = 1, b = 100); minimum 0 at (1, 1)."""
    x, y = np.asarray(p, dtype=np.float64)
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def rosenbrock_gradient(p):
    """Gradient of ``rosenbrock``: [-2(1 - x) - 400 x (y - x^2), 200 (y - x^2)], float64 shape (2,)."""
    x, y = np.asarray(p, dtype=np.float64)
    return np.array([-2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)], dtype=np.float64)


# --- the monkey saddle and second derivatives -------------------------------------------------

def monkey_saddle(point):
    """The monkey saddle f(x, y) = x^3 - 3 x y^2 at ``point`` = (x, y).

    Returns a float64 scalar for a point of two numbers; ``point`` may also be a pair of
    same-shape arrays (a grid), giving an array of that shape.
    """
    x, y = np.asarray(point, dtype=np.float64)
    return x ** 3 - 3 * x * y ** 2


def monkey_saddle_gradient(point):
    """Analytic gradient of the monkey saddle: [3x^2 - 3y^2, -6xy], float64 shape (2,)."""
    x, y = np.asarray(point, dtype=np.float64)
    return np.array([3 * x ** 2 - 3 * y ** 2, -6 * x * y], dtype=np.float64)


def monkey_saddle_hessian(point):
    """Analytic Hessian of the monkey saddle: [[6x, -6y], [-6y, -6x]], float64 shape (2, 2)."""
    x, y = np.asarray(point, dtype=np.float64)
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * x]], dtype=np.float64)


def numerical_hessian(f, point, h=1e-4):
    """Hessian of f: R^n -> R at ``point`` by central second differences.

    Entry (i, j) is the 4-point formula
    (f(x + h e_i + h e_j) - f(x + h e_i - h e_j) - f(x - h e_i + h e_j) + f(x - h e_i - h e_j)) / (4h^2)
    for all i, j (on the diagonal it is the second difference with step 2h). It is computed for
    i <= j and mirrored, so the result is exactly symmetric. ``point`` (1-D array or list of n
    numbers) is not modified. Returns a float64 array of shape (n, n).
    """
    x = np.array(point, dtype=np.float64)
    n = x.shape[0]
    H = np.zeros((n, n), dtype=np.float64)
    for i in range(n):
        ei = np.zeros_like(x)
        ei[i] = h
        for j in range(i, n):
            ej = np.zeros_like(x)
            ej[j] = h
            H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
            H[j, i] = H[i, j]
    return H


def classify_critical_point(hessian, tol=1e-8):
    """Classify a critical point from the eigenvalues of its symmetric Hessian (``np.linalg.eigvalsh``).

    In this order: any |lambda| <= tol -> "degenerate" (the second-derivative test is
    inconclusive); all lambda > 0 -> "minimum"; all lambda < 0 -> "maximum"; otherwise "saddle".
    Returns a str.
    """
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))
    if np.any(np.abs(eigenvalues) <= tol):
        return "degenerate"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "saddle"
