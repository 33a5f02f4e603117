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
# A deleted test cell is put back where it was (and graded) instead of being lost.
c.OverwriteCells.add_missing_cells = True

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
