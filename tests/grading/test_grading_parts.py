"""The pieces of `autograder grade` on their own: the gradebook snapshot answers exactly what the
gradebook answers to nbgrader's OverwriteCells and OverwriteKernelspec; the pipeline split follows
the course's configuration."""
import pickle

import pytest

from grading_helpers import ASSIGNMENT, sqlite_url


def test_snapshot_answers_like_the_gradebook(released_course):
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.grading.snapshot import take_snapshot

    with Gradebook(sqlite_url(released_course)) as gradebook:
        snapshot = take_snapshot(gradebook, ASSIGNMENT)
        snapshot = pickle.loads(pickle.dumps(snapshot))  # it travels to workers
        notebook = gradebook.find_notebook(ASSIGNMENT, ASSIGNMENT)
        assert snapshot.find_notebook(ASSIGNMENT, ASSIGNMENT).kernelspec == notebook.kernelspec
        assert len(notebook.source_cells) > 20
        for cell in notebook.source_cells:
            mine = snapshot.find_source_cell(cell.name, ASSIGNMENT, ASSIGNMENT)
            assert (mine.cell_type, mine.locked, mine.checksum, mine.source) == \
                (cell.cell_type, cell.locked, cell.checksum, cell.source)
        for cell in notebook.grade_cells:
            assert snapshot.find_graded_cell(cell.name, ASSIGNMENT, ASSIGNMENT).max_score == cell.max_score
        for lookup in (snapshot.find_source_cell, snapshot.find_graded_cell):
            with pytest.raises(MissingEntry):
                lookup("no_such_cell", ASSIGNMENT, ASSIGNMENT)
        with pytest.raises(MissingEntry):
            snapshot.find_notebook("other", ASSIGNMENT)
        row = snapshot.notebooks[0]
        assert "test_central_difference" in row.autograded_names
        assert "gradient_field_plot" not in row.autograded_names  # a manually graded answer


def test_pipeline_split_follows_the_configuration(repo):
    from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, Execute, SaveAutoGrades
    from traitlets.config import Config

    from autograder import settings
    from autograder.grading.worker import WorkerError, split_pipeline
    from autograder.nbgrader_plugin.preprocessor import GradeInSandbox

    sanitize, on_worker, in_writer = split_pipeline(settings.load_nbgrader_config(repo))
    assert in_writer == [SaveAutoGrades, AssignLatePenalties]
    assert on_worker[0] is GradeInSandbox and on_worker[-1] is CheckCellMetadata
    assert not set(on_worker) & set(in_writer)
    stock = Config()
    stock.Autograde.autograde_preprocessors = [Execute, SaveAutoGrades]
    with pytest.raises(WorkerError, match="Execute"):
        split_pipeline(stock)
