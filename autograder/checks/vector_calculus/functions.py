"""Functions the vector_calculus checks hand to student code, with the derivative bounds that
their tolerances need. Each is rebuilt inside the sandbox from its source (``@sandboxed``)."""
import numpy as np

from autograder.checking import sandboxed


@sandboxed
def gauss(x):
    return np.exp(-x ** 2)


# bounds of e^(-x^2) and its derivatives on the real line
GAUSS_MAX, GAUSS_D1, GAUSS_D2, GAUSS_D3 = 1.0, 0.86, 2.0, 4.2


def gauss_derivative(x):
    return -2 * x * np.exp(-x ** 2)


@sandboxed
def wave(x):
    return np.sin(3 * x) + 0.5 * x ** 2


def wave_derivative(x):
    return 3 * np.cos(3 * x) + x


@sandboxed
def smooth3(p):
    return np.sin(p[0]) * p[1] ** 2 + np.exp(0.5 * p[2]) * p[0] + p[1] * p[2]


def smooth3_gradient(p):
    x, y, z = p
    return np.array([np.cos(x) * y ** 2 + np.exp(0.5 * z), 2 * np.sin(x) * y + z, 0.5 * np.exp(0.5 * z) * x + y])


def smooth3_hessian(p):
    x, y, z = p
    e = np.exp(0.5 * z)
    return np.array([[-np.sin(x) * y ** 2, 2 * np.cos(x) * y, 0.5 * e],
                     [2 * np.cos(x) * y, 2 * np.sin(x), 1.0],
                     [0.5 * e, 1.0, 0.25 * e * x]])


@sandboxed
def field(p):
    return np.array([p[0] * p[1] + np.sin(p[2]), p[0] ** 2 - p[2] * p[1]])


def field_jacobian(p):
    x, y, z = p
    return np.array([[y, x, np.cos(z)], [2 * x, -z, -y]])


@sandboxed
def scalar_field(p):
    return np.array([p[0] ** 2 * p[1]])


@sandboxed
def plane(p):
    return 3.0 * p[0] - 2.0 * p[1]


@sandboxed
def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


@sandboxed
def rosenbrock_gradient(p):
    return np.array([-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)])


@sandboxed
def bowl(p):
    return 0.5 * (p[0] ** 2 + 4 * p[1] ** 2)


@sandboxed
def bowl_gradient(p):
    return np.array([p[0], 4 * p[1]])


@sandboxed
def monkey(p):
    return p[0] ** 3 - 3 * p[0] * p[1] ** 2
