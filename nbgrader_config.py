"""nbgrader configuration of the course. The repository root is the course directory."""
c = get_config()  # noqa: F821 - provided by nbgrader/traitlets

c.CourseDirectory.root = "."
c.CourseDirectory.course_id = "mml"
c.CourseDirectory.source_directory = "assignments"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# Grade in a sandbox instead of executing a kernel: nbgrader's own Execute step is replaced by
# GradeInSandbox; the rest of the list is nbgrader 0.9.6's default autograde pipeline.
c.Autograde.autograde_preprocessors = [
    "autograder.nbgrader_plugin.preprocessor.GradeInSandbox",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.nbgrader_plugin.sanitize.RestoreTestCells",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A deleted or duplicated test cell is put back where it was and graded by GradeInSandbox
# (autograder/checking/grade.py, restore_test_cells). nbgrader's own add_missing_cells stays off:
# in 0.9.6 it crashes on notebooks with nbgrader metadata lacking a grade_id.
c.OverwriteCells.add_missing_cells = False

# Sandbox settings (see autograder/isolation/limits.py for every limit). The course secret that
# seeds hidden inputs comes from AUTOGRADER_COURSE_SECRET or the untracked .autograder-secret file.
c.GradeInSandbox.isolation = "auto"
c.GradeInSandbox.limits = {"call_seconds": 10, "cell_seconds": 30, "submission_seconds": 180}

# Feedback shows the check reports, never hidden test text: strip hidden regions from test cells.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# A broken notebook file (empty, invalid JSON, renamed, several candidates) is recorded as
# ungradable with its reason instead of being lost, and each finished student is marked so a
# killed `nbgrader autograde` resumes where it stopped (autograder/nbgrader_plugin/submission_hooks.py).
c.Autograde.exporter_class = "autograder.nbgrader_plugin.submission_hooks.SubmissionExporter"
c.Autograde.pre_convert_hook = "autograder.nbgrader_plugin.submission_hooks.before_student"
c.Autograde.post_convert_hook = "autograder.nbgrader_plugin.submission_hooks.after_student"
