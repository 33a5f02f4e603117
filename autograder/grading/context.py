"""What a worker is given: one ``GradingContext`` per run, and one ``Task`` per submission.

Both are plain data (dataclasses of strings, bytes, numbers and the nbgrader configuration), so
they travel to a local process pool and to Dask workers on other machines alike. A worker gets
everything it needs to grade from them: the source notebooks (test cells come from the source),
the reference solutions, the read-only gradebook snapshot, the sandbox settings and the course
secret that seeds hidden inputs. The hidden checks themselves are code of the installed
``autograder`` package; ``checks_fingerprint`` lets a worker refuse to grade with different ones.
It never gets the gradebook.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from autograder.checking.course import CHECKS_DIR


@dataclasses.dataclass(frozen=True)
class GradingContext:
    assignment: str
    source_directory: str  # as in the course's nbgrader_config.py
    source_notebooks: dict  # notebook name -> bytes of assignments/<A>/<nb>.ipynb
    reference: bytes  # reference/<A>.py
    config: object  # the course's traitlets Config (nbgrader_config.py), as loaded by the writer
    snapshot: object  # snapshot.GradebookSnapshot
    secret: str
    isolation: str  # requested level: auto, bwrap or process
    require_isolation: bool
    checks_fingerprint: str
    verify_checks: bool = False  # Dask workers (another installation, maybe another machine) compare it

    @property
    def key(self) -> str:
        """Identifies the context's content; a worker prepares each context once."""
        digest = hashlib.sha256()
        for name in sorted(self.source_notebooks):
            digest.update(name.encode() + b"\0" + self.source_notebooks[name] + b"\0")
        digest.update(self.reference + b"\0" + self.checks_fingerprint.encode() + self.secret.encode())
        digest.update(repr((self.assignment, self.source_directory, self.isolation, self.require_isolation,
                            self.snapshot)).encode())
        return digest.hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class Task:
    student: str
    assignment: str
    files: dict  # file name -> bytes of every notebook file in the submission folder (as submitted)
    sizes: dict  # file name -> size, for files too large to ship (their bytes are not sent)


def checks_fingerprint(assignment: str) -> str:
    """A digest of the assignment's hidden check modules and of the check library in this installation."""
    digest = hashlib.sha256()
    package = Path(CHECKS_DIR).parent
    for folder in (Path(CHECKS_DIR) / assignment, package / "checking"):
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
