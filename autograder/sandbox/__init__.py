"""The untrusted side: code that runs inside the sandbox, next to student code.

Imports only the standard library, NumPy and ``autograder.wire`` (an import-linter contract in
pyproject.toml enforces it). Nothing here computes a score.
"""
