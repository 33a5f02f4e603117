"""A Matplotlib backend for the sandbox: Agg rendering, ``plt.show()`` a no-op.

Figures stay open until the cell ends; the runner then saves each as PNG and closes it, as the
inline backend of a Jupyter kernel does. Selected with
``MPLBACKEND=module://autograder.sandbox.inline_backend``.
"""
from matplotlib.backend_bases import _Backend
from matplotlib.backends.backend_agg import FigureCanvasAgg, FigureManagerBase


@_Backend.export
class _BackendSandboxInline(_Backend):
    FigureCanvas = FigureCanvasAgg
    FigureManager = FigureManagerBase

    @staticmethod
    def show(*args, **kwargs):
        """Do nothing: the runner collects open figures at the end of each cell."""
