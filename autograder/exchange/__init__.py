"""A multi-user nbgrader exchange that no student can forge.

Students reach a small course-owned submission service over a Unix socket; the kernel tells the
service who is calling (``SO_PEERCRED``) and the service stamps the time. Submissions, releases
and feedback live in a store only the course owner can read or write. nbgrader's stock commands
and the JupyterLab Assignments panel keep working through the exchange plugins in
``nbgrader_exchange``. Design, threat model and set-up: ``docs/exchange.md``.

Modules: ``protocol`` (wire format), ``archive`` (plain files only), ``storage`` (the store),
``deadlines`` (due dates, extensions, the collect rule), ``service`` + ``handlers`` (the
service), ``client`` (student side), ``nbgrader_*`` (the plugins), ``course_setup`` + ``cli``
(``autograder course init``), ``lms`` (importing LMS downloads).
"""
