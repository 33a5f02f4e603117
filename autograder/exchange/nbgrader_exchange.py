"""The nbgrader exchange plugins of this package, in one place for ``nbgrader_config.py``.

Point nbgrader at them (students' and instructors' config alike; ``autograder course init``
writes exactly this into ``<config-dir>/nbgrader_config.json``)::

    c.ExchangeFactory.exchange = "autograder.exchange.nbgrader_exchange.SecureExchange"
    c.ExchangeFactory.fetch_assignment = "autograder.exchange.nbgrader_exchange.SecureFetchAssignment"
    ... (one line per entry of FACTORY_CONFIG)
    c.Exchange.root = "/srv/autograder/exchange"
"""

from .nbgrader_common import SecureExchange
from .nbgrader_instructor import SecureCollect, SecureReleaseAssignment, SecureReleaseFeedback
from .nbgrader_list import SecureList
from .nbgrader_student import SecureFetchAssignment, SecureFetchFeedback, SecureSubmit

_MODULE = __name__

#: ``ExchangeFactory`` trait -> class, as nbgrader's config wants them (import strings).
FACTORY_CONFIG = {
    "exchange": f"{_MODULE}.SecureExchange",
    "fetch_assignment": f"{_MODULE}.SecureFetchAssignment",
    "fetch_feedback": f"{_MODULE}.SecureFetchFeedback",
    "release_assignment": f"{_MODULE}.SecureReleaseAssignment",
    "release_feedback": f"{_MODULE}.SecureReleaseFeedback",
    "list": f"{_MODULE}.SecureList",
    "submit": f"{_MODULE}.SecureSubmit",
    "collect": f"{_MODULE}.SecureCollect",
}


def nbgrader_config(root):
    """Return the nbgrader config (as a JSON-able dict) that selects these plugins."""
    return {"ExchangeFactory": dict(FACTORY_CONFIG), "Exchange": {"root": root}}


def config_lines(root):
    """Return the same settings as ``nbgrader_config.py`` lines, for docs and ``course init``."""
    lines = [f'c.ExchangeFactory.{k} = "{v}"' for k, v in FACTORY_CONFIG.items()]
    return lines + [f'c.Exchange.root = "{root}"']


__all__ = [
    "SecureExchange", "SecureFetchAssignment", "SecureFetchFeedback", "SecureSubmit", "SecureList",
    "SecureReleaseAssignment", "SecureCollect", "SecureReleaseFeedback",
    "FACTORY_CONFIG", "nbgrader_config", "config_lines",
]
