"""Instructor-side reporting: the class report (``autograder report``) and grade exports
(``autograder export``), built from nbgrader's gradebook and the full check results.

    collect.py   the class record: roster, cells, scores, statuses (graded/ungradable/missing)
    stats.py     the report's figures
    figures.py   its plots (Matplotlib PNG)
    page.py      the self-contained HTML page      text.py   the same figures as text
    exports.py   per-question CSV and Canvas gradebook CSV

Student-facing feedback is rendered elsewhere: ``autograder/checking/report.py``.
"""
