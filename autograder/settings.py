"""One place that turns configuration into grading settings.

Precedence, highest first: command-line options > environment (AUTOGRADER_*) >
nbgrader_config.py (``c.GradeInSandbox.*``) > defaults. Every value is validated here, and an error
says which value was wrong and where it came from.
"""
from __future__ import annotations

import os
from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from autograder.checking.failures import CheckConfigurationError
from autograder.checking.grade import Settings
from autograder.checking.seeding import course_secret
from autograder.isolation import levels
from autograder.isolation.limits import Limits

ISOLATION_ENV = "AUTOGRADER_ISOLATION"


def load_nbgrader_config(root: str | Path = ".") -> Config:
    path = Path(root) / "nbgrader_config.py"
    if not path.exists():
        return Config()
    loader = PyFileConfigLoader(path.name, path=str(path.parent))
    return loader.load_config()


def make_limits(values: dict, origin: str) -> Limits:
    try:
        return Limits(**values)
    except TypeError as exc:
        known = ", ".join(Limits.__dataclass_fields__)
        raise CheckConfigurationError(f"{origin}: unknown sandbox limit ({exc}); known limits: {known}") from None
    except ValueError as exc:
        raise CheckConfigurationError(f"{origin}: {exc}") from None


def make_settings(root: str | Path = ".", config: Config | None = None, *, secret: str = "",
                  isolation: str = "", require_isolation: bool | None = None, seed: int | None = None,
                  limits: dict | None = None) -> Settings:
    config = config if config is not None else load_nbgrader_config(root)
    section = config.get("GradeInSandbox", {})
    chosen = isolation or os.environ.get(ISOLATION_ENV) or section.get("isolation", "auto")
    if chosen not in ("auto", "bwrap", "process"):
        raise CheckConfigurationError(f"isolation={chosen!r} (from the command line, {ISOLATION_ENV} or "
                                      "c.GradeInSandbox.isolation) must be auto, bwrap or process")
    found = levels.probe("process" if chosen == "process" else "auto")
    required = require_isolation if require_isolation is not None else bool(section.get("require_isolation", False))
    if (chosen == "bwrap" or required) and found.level != "bwrap":
        raise CheckConfigurationError(f"bubblewrap isolation is required but unavailable: {found.reason}")
    merged = dict(section.get("limits", {}) or {})
    merged.update(limits or {})
    return Settings(
        secret=secret or course_secret(section.get("course_secret", ""), root),
        limits=make_limits(merged, "c.GradeInSandbox.limits in nbgrader_config.py"),
        isolation=found,
        seed=seed,
        mpl_seed=matplotlib_seed(),
    )


def matplotlib_seed() -> str | None:
    """A prepared Matplotlib config dir (font cache) that sandboxes copy instead of rebuilding."""
    target = Path(os.environ.get("AUTOGRADER_CACHE", Path.home() / ".cache" / "autograder")) / "mpl-seed"
    if not (target / ".ready").exists():
        try:
            import subprocess
            import sys
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-c", "import matplotlib; matplotlib.use('Agg'); "
                            "import matplotlib.font_manager"], env={**os.environ, "MPLCONFIGDIR": str(target)},
                           check=True, capture_output=True, timeout=120)
            (target / ".ready").write_text("ok\n")
            os.chmod(target, 0o755)
            for child in target.iterdir():
                os.chmod(child, 0o755 if child.is_dir() else 0o644)
        except (OSError, subprocess.SubprocessError):
            return None
    return str(target)
