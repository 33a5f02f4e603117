"""Grading a whole class fast: ``autograder grade ASSIGNMENT``.

nbgrader's ``autograde`` split in two along what touches the gradebook:

    main process (batch.py, writer.py)             workers (worker.py), local pool or Dask (pool.py)
    ---------------------------------              ----------------------------------------------
    snapshot of the assignment's cells  ────────►  nbgrader's sanitize preprocessors (the snapshot
    (snapshot.py) + source notebooks,              in place of the gradebook), GradeInSandbox's
    reference, settings (context.py)               grading (one fresh sandbox per notebook), the
                                                   rest of the autograde preprocessors
    the one gradebook writer: student,   ◄───────  plain data: the notebook as nbgrader would write
    submission, SaveAutoGrades,                    it, the results dict, timings, warnings
    AssignLatePenalties (one transaction
    per submission), autograded/ files,
    results JSON (last: the "done" mark)
"""
