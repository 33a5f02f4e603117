"""Fixtures for the exchange tests: a course set up in a temp dir with its service in a thread."""

import os
import pwd
import sys
import threading

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from autograder.exchange.course_setup import init_course  # noqa: E402
from autograder.exchange.service import load_config, make_server  # noqa: E402
from exchange_helpers import COURSE  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes more than a few seconds (real nbgrader commands)")
    config.addinivalue_line("markers", "multiuser: needs root and useradd; creates temporary Unix users")


@pytest.fixture
def course(tmp_path):
    """A course owned by the current user under tmp_path, with its service running in a thread.

    Yields a dict: root, course, store, config (path), socket, etc (nbgrader config dir),
    instructor (course directory), server (call .service for the Service object).
    """
    me = pwd.getpwuid(os.geteuid()).pw_name
    lines = []
    paths = init_course(COURSE, me, root=str(tmp_path / "exchange"),
                        course_dir=str(tmp_path / "instructor" / COURSE),
                        config_dir=str(tmp_path / "etc"), systemd="no", say=lines.append)
    cfg = load_config(paths["config"])
    cfg["timeout"] = 10.0
    server = make_server(cfg)  # as service.start_in_thread, but shutdown() returns in 0.02 s, not 0.5 s
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    paths.update(etc=str(tmp_path / "etc"), instructor=str(tmp_path / "instructor" / COURSE),
                 server=server, output=lines, cfg=cfg, tmp=tmp_path)
    try:
        yield paths
    finally:
        server.shutdown()
        server.server_close()
