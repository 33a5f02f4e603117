"""Full grading results as JSON files: results/<assignment>/<student>/<notebook>.json.

These hold the instructor-only details and live outside autograded/ and feedback/, so nothing in
them can reach a student through nbgrader's feedback. Written atomically (temp file + rename).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from autograder.checking.results import CellResult


def result_path(directory: Path, assignment: str, student: str, notebook: str) -> Path:
    return Path(directory) / assignment / student / f"{notebook}.json"


def write_result(directory: Path, assignment: str, student: str, notebook: str, graded, status: str = "graded",
                 reason: str = "") -> Path:
    path = result_path(directory, assignment, student, notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "assignment": assignment, "student": student, "notebook": notebook, "status": status, "reason": reason,
        "points": graded.points if graded else 0.0, "max_points": graded.max_points if graded else 0.0,
        "isolation": graded.isolation if graded else "", "faults": graded.faults if graded else [],
        "seconds": graded.seconds if graded else 0.0,
        "cells": [r.to_dict() for r in graded.results] if graded else [],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as handle:
        json.dump(record, handle, indent=1, sort_keys=True)
    os.replace(tmp, path)
    return path


def read_result(directory: Path, assignment: str, student: str, notebook: str) -> dict | None:
    path = result_path(directory, assignment, student, notebook)
    if not path.exists():
        return None
    record = json.loads(path.read_text())
    record["cells"] = [CellResult.from_dict(c) for c in record.get("cells", [])]
    return record
