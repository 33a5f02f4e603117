"""``RestoreTestCells``: the submission's test cells made identical to the source, before nbgrader looks.

Runs first in nbgrader's sanitize step. A duplicated test cell is dropped (nbgrader 0.9.6's
DeduplicateIds would strip its metadata and then refuse the notebook as "old metadata format"), a
deleted one is put back after the cell it followed in the source, an edited one is replaced, so
every submission reaches grading with the source's test cells, ids and points.
"""
from __future__ import annotations

import os

from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.checking.course import Course
from autograder.checking.grade import restore_test_cells


class RestoreTestCells(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        course_dir = self.config.get("CourseDirectory", {})
        course = Course(course_dir.get("root") or os.getcwd(), course_dir.get("source_directory", "source"))
        info = resources["nbgrader"]
        changes = restore_test_cells(nb, course.source_notebook(info["assignment"], info["notebook"]))
        for change in changes:
            self.log.warning("%s/%s: %s", info["student"], info["notebook"], change)
        return nb, resources
