"""Autograder for the course's nbgrader assignments.

The package is split along the trust boundary (see docs/architecture.md):
``autograder.sandbox`` runs inside the sandbox with student code and may import only the
standard library, NumPy and ``autograder.wire``; everything else is the trusted side.
This file stays import-free so the sandbox can import the package.
"""
__version__ = "0.1.0"
