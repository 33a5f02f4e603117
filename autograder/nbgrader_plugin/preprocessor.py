"""``GradeInSandbox``: nbgrader's autograde step without a kernel and without trusting the student.

Configured in nbgrader_config.py in place of nbgrader's ``Execute`` preprocessor. For each
notebook it runs the student's cells in a sandbox, runs each test cell's hidden checks where the
cell stands, writes the report and the score (a plain float, which nbgrader's SaveAutoGrades reads
as partial credit) into the test cell's outputs, and stores the full results (with instructor-only
details) as JSON under ``results_directory``, outside anything that becomes feedback.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Dict, Unicode

from autograder import settings as settings_module
from autograder.checking.course import Course
from autograder.checking.grade import grade_notebook
from autograder.results_store import write_result


class GradeInSandbox(NbGraderPreprocessor):
    course_secret = Unicode("", help="Secret for per-student hidden inputs. Prefer the AUTOGRADER_COURSE_SECRET "
                                     "environment variable or the .autograder-secret file.").tag(config=True)
    isolation = Unicode("auto", help="Sandbox level: auto (bwrap if available), bwrap, or process.").tag(config=True)
    require_isolation = Bool(False, help="Refuse to grade when bubblewrap isolation is unavailable.").tag(config=True)
    limits = Dict({}, help="Sandbox limits, e.g. {'call_seconds': 10, 'memory_bytes': 3 * 2**30}; see "
                           "autograder/isolation/limits.py for every name.").tag(config=True)
    results_directory = Unicode("results", help="Where full results (with instructor-only details) are written, "
                                                "relative to the course root.").tag(config=True)

    def _course(self) -> Course:
        course_dir = self.config.get("CourseDirectory", {})
        root = course_dir.get("root") or os.getcwd()
        return Course(root, course_dir.get("source_directory", "source"))

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        course = self._course()
        settings = settings_module.make_settings(course.root, self.config)
        graded = grade_notebook(nb, info["assignment"], info["student"], course, settings, info["notebook"])
        write_result(course.root / self.results_directory, info["assignment"], info["student"], info["notebook"], graded)
        self.log.info("Graded %s/%s/%s in a sandbox (%s): %g/%g points in %.2f s", info["student"], info["assignment"],
                      info["notebook"], graded.isolation, graded.points, graded.max_points, graded.seconds)
        return graded.notebook, resources
