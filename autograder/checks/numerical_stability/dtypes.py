"""Calling a student's function with a NumPy scalar type (np.float32) as argument (numerical_stability checks)."""
from __future__ import annotations

import numpy as np

from autograder import wire
from autograder.checking import CheckFailure

DTYPE_SHIM = "autograder_call_with_dtype"
_DTYPE_SHIM_SOURCE = f'''def {DTYPE_SHIM}(function_name, dtype_name, *args, **kwargs):
    """Added by the autograder: calls function_name(numpy.<dtype_name>, ...), because its wire format cannot
    carry a type as an argument."""
    import numpy
    function = globals().get(function_name)
    if function is None:
        raise NameError(f"name {{function_name!r}} is not defined")
    return function(getattr(numpy, dtype_name), *args, **kwargs)
'''


def wire_carries_types() -> bool:
    return "__unsupported__" not in wire.to_data(np.float32)


def call_with_dtype(student, function_name: str, dtype):
    """``student.<function_name>(dtype)`` for a NumPy scalar type (np.float32, ...).

    The wire format (autograder/wire.py, ``to_data``) turns a type into an Unsupported placeholder,
    so the call cannot be made directly. Until it can (checked with ``wire_carries_types``), a
    small function defined in the student's namespace makes it, given the type's name as a string.
    The Returned then records that function and ("<function_name>", "<dtype name>") as its call.
    """
    if wire_carries_types():
        return getattr(student, function_name)(dtype)
    notebook = getattr(student, "_notebook", None)
    if notebook is None:
        raise RuntimeError("call_with_dtype needs the student proxy's sandbox (student._notebook)")
    answer = notebook.exec_cell("autograder-dtype-shim", _DTYPE_SHIM_SOURCE)
    if answer.get("error") and not answer.get("fault"):  # a dead sandbox is reported by the call below
        raise RuntimeError(f"the autograder's dtype shim did not run: {answer['error']}")
    try:
        return getattr(student, DTYPE_SHIM)(function_name, np.dtype(dtype).name)
    except CheckFailure as failure:
        raise CheckFailure(failure.message.replace(DTYPE_SHIM, function_name), rung=failure.rung,
                           detail=failure.detail) from None
