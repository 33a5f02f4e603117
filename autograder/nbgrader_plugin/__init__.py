"""What nbgrader loads: the preprocessor that grades in a sandbox instead of executing a kernel.

Named ``nbgrader_plugin`` (not ``nbgrader``) so it never shadows the real package.
"""
