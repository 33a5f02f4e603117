"""The student's side of the secure exchange in a real browser (issue 8).

As root, with temporary Unix users (multiuser_world.World: an instructor and one student), a
course and its submission service are set up as in test_exchange_multiuser.py, and the
instructor releases ``vector_calculus``. Then ``jupyter lab`` runs AS THE STUDENT (runuser, the
student's HOME, nbgrader's assignment_list server extension, the course's exchange plugins), and
Debian's chromium, driven by Playwright, does what a student does in JupyterLab 4's Assignments
panel: sees ``vector_calculus`` released, clicks Fetch, opens the notebook, writes
``central_difference``, runs it and its public self-check (which prints its pass message),
saves, clicks Submit and sees the submission. Finally the instructor's side: ``nbgrader list
--inbound`` shows it under the student's name with the service's time stamp, the store's
record names the student's uid and the student's Jupyter server as the sender, and ``nbgrader
collect`` brings the student's edit into submitted/<student>/vector_calculus/.

Screenshots: test-artifacts/browser/student-*.png. Playwright never downloads a browser here:
it launches /usr/bin/chromium.
"""
from __future__ import annotations

import datetime
import json
import os
import pwd
import re
import shutil
import time
from pathlib import Path

import pytest

from exchange_helpers import COURSE, REPO
from multiuser_world import World, course_init, prepare, why_skip
from student_browser_lab import StudentLab, end_leftovers, write_student_config

pytestmark = [pytest.mark.slow, pytest.mark.multiuser, pytest.mark.timeout(300)]

ASSIGNMENT = "vector_calculus"
ARTIFACTS = Path(REPO) / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MARKER = "# central difference written in the browser"
ANSWER = f'''def central_difference(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h), elementwise in x."""
    {MARKER}
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2 * h)
'''
PASSED = "Self-check passed (form only). The hidden checks decide the grade."


def _skip_reason():
    why = why_skip()
    if why:
        return why
    if not CHROMIUM.exists():
        return "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; make test does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs playwright (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def world():
    why = _skip_reason()
    if why:
        pytest.skip(why)
    w = World()
    w.users = {"instructor": w.tag + "i", "alice": w.tag + "a"}  # one student is enough here
    lab = None
    try:
        prepare(w)
        w.inst = _release(w)
        write_student_config(w, "alice")
        lab = StudentLab(w, "alice")
        lab.start()
        w.lab = lab
        yield w
    finally:
        if lab is not None:
            lab.stop()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / "student-server.log").write_text(lab.log())
        if w.users["alice"] in w.created_users:  # e.g. a kernel the server did not take down
            end_leftovers(pwd.getpwnam(w.users["alice"]).pw_uid)
        w.cleanup()


def _release(w):
    """`autograder course init`, generate and release vector_calculus as the instructor, start the service."""
    inst = os.path.join(w.home("instructor"), COURSE)
    init = course_init(w, inst)
    assert init.returncode == 0, init.stderr
    src = os.path.join(inst, "source", ASSIGNMENT)
    shutil.copytree(os.path.join(REPO, "assignments", ASSIGNMENT), src)
    pw = pwd.getpwnam(w.users["instructor"])
    for dirpath, dirnames, filenames in os.walk(os.path.join(inst, "source")):
        for name in [dirpath, *(os.path.join(dirpath, n) for n in dirnames + filenames)]:
            os.chown(name, pw.pw_uid, pw.pw_gid)
    w.nbgrader("instructor", "generate_assignment", ASSIGNMENT, cwd=inst)
    w.nbgrader("instructor", "release_assignment", ASSIGNMENT, cwd=inst)
    w.start_service(os.path.join(w.root, COURSE, "service.json"))
    return inst


@pytest.fixture(scope="module")
def page(world):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(30_000)
            yield context.new_page()
        finally:
            browser.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"student-{name}.png"
    page.screenshot(path=str(path))
    return path


def _wait_for(predicate, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def _cell(page, text: str):
    return page.locator(".jp-Notebook .jp-CodeCell", has_text=text).first


def _run(cell, attempts: int = 3):
    """Run one cell from its editor (Shift+Enter) and wait until the kernel has run it.

    On a loaded machine JupyterLab can drop a Shift+Enter (the prompt stays "[ ]:", never "[*]:"):
    the key is sent again then; a cell already queued or running ("[*]:") is only waited for."""
    prompt = cell.locator(".jp-InputPrompt")
    ran = lambda: re.fullmatch(r"\[\d+\]:", prompt.text_content().strip())  # noqa: E731
    for attempt in range(attempts):
        cell.scroll_into_view_if_needed()
        cell.locator(".cm-content").click()
        cell.page.keyboard.press("Shift+Enter")
        try:
            _wait_for(lambda: ran() or "*" in prompt.text_content(), "the cell to start", 20)
        except AssertionError:
            if attempt + 1 < attempts:
                continue
            raise
        _wait_for(ran, "the cell to run", 120)
        return


def test_student_fetches_works_and_submits_in_jupyterlab(world, page):
    try:
        _student_flow(world, page)
    except BaseException:
        shot(page, "99-failure")  # what the page showed when it failed
        raise


def _student_flow(world, page):
    w, lab = world, world.lab
    student = w.users["alice"]
    home = Path(w.home("alice"))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # JupyterLab, as the student; the Assignments panel from the Nbgrader menu
    page.goto(f"{lab.base}/lab?token={lab.token}")
    page.get_by_text("Nbgrader", exact=True).first.wait_for(timeout=60_000)
    page.get_by_text("Nbgrader", exact=True).first.click()
    item = page.locator(".lm-Menu-itemLabel", has_text="Assignment List").first
    item.wait_for()
    shot(page, "01-nbgrader-menu")
    item.click()
    released = page.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.wait_for()
    assert COURSE in released.inner_text()
    assert page.locator("#course_list_default").inner_text() == COURSE
    shot(page, "02-assignments-released")

    # Fetch: through the service into the student's HOME; listed under "Downloaded assignments"
    released.locator("button", has_text="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    fetched.wait_for()
    assert page.locator("#released_assignments_list .list_item").count() == 0
    notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert notebook.is_file() and notebook.stat().st_uid == pwd.getpwnam(student).pw_uid
    assert "raise NotImplementedError()" in notebook.read_text()
    fetched.locator("a.assignment-notebooks-link").click()
    fetched.locator(".nested_list_item a", has_text=ASSIGNMENT).wait_for()
    shot(page, "03-assignments-fetched")

    # open the notebook from the panel; write central_difference; run it and its self-check
    fetched.locator(".nested_list_item a", has_text=ASSIGNMENT).click()
    page.locator(".jp-Notebook").first.wait_for()
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)  # the kernel, as the student
    _run(_cell(page, "import matplotlib.pyplot as plt"))
    solution = _cell(page, "def central_difference(f, x, h=1e-5):")
    solution.scroll_into_view_if_needed()  # cells out of view are not rendered (content-visibility)
    assert "raise NotImplementedError()" in solution.text_content()
    solution.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(ANSWER)
    _run(solution)
    check = _cell(page, "assert callable(central_difference)")
    _run(check)
    check.locator(".jp-OutputArea-output", has_text=PASSED).wait_for()
    assert "Error" not in check.locator(".jp-OutputArea").text_content()
    solution.scroll_into_view_if_needed()
    shot(page, "04-self-check-passed")

    # save; the file in the student's HOME has the edit
    page.keyboard.press("Control+s")
    _wait_for(lambda: MARKER in notebook.read_text(), "the saved notebook to contain the edit")
    saved = json.loads(notebook.read_text())
    outputs = [o for c in saved["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
               == "test_central_difference" for o in c.get("outputs", [])]
    assert any(PASSED in "".join(o.get("text", "")) for o in outputs), outputs

    assert list((home / ASSIGNMENT / ".ipynb_checkpoints").glob("*.ipynb"))  # JupyterLab's checkpoint

    # back to the Assignments panel: Submit; listed under "Submitted assignments"
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="Assignments").click()
    submit = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first.locator(
        "button", has_text="Submit")
    before = datetime.datetime.now(datetime.timezone.utc)
    submit.click()
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first
    submitted.wait_for()
    after = datetime.datetime.now(datetime.timezone.utc)
    shown = submitted.text_content()
    shot(page, "05-assignments-submitted")
    # what the panel's Submit did on the server: one file sent; JupyterLab's checkpoint copy is
    # left out by CourseDirectory.ignore and so not reported as an "extra notebook" either
    assert f"Submitted 1 file(s) as {student}" in lab.log(), lab.log()[-3000:]
    assert "Possible missing notebooks" not in lab.log(), lab.log()[-3000:]

    # the instructor's side: who (the kernel's word), when (the service's clock), what (the edit)
    store = Path(w.root) / COURSE / "store" / "submissions" / student / ASSIGNMENT
    [entry] = list(store.iterdir())
    meta = json.loads((entry / "meta.json").read_text())
    assert meta["student"] == student and meta["uid"] == pwd.getpwnam(student).pw_uid
    stamped = datetime.datetime.fromisoformat(meta["stamped_utc"])
    if stamped.tzinfo is None:
        stamped = stamped.replace(tzinfo=datetime.timezone.utc)
    assert before <= stamped <= after, (before, stamped, after)
    assert meta["timestamp"] in shown, (meta["timestamp"], shown)
    sender = os.stat(f"/proc/{meta['pid']}")  # the sender is the student's Jupyter server, still running
    assert sender.st_uid == meta["uid"]
    assert b"jupyterlab" in Path(f"/proc/{meta['pid']}/cmdline").read_bytes()

    inbound = w.nbgrader("instructor", "list", "--inbound", "--course", COURSE, cwd=w.inst).stderr
    assert f"{COURSE} {student} {ASSIGNMENT} {meta['timestamp']}" in inbound, inbound
    collect = w.nbgrader("instructor", "collect", ASSIGNMENT, cwd=w.inst).stderr
    assert f"Collecting submission: {student} {ASSIGNMENT}" in collect, collect
    got = Path(w.inst) / "submitted" / student / ASSIGNMENT
    assert (got / "timestamp.txt").read_text().strip() == meta["timestamp"]
    collected = json.loads((got / f"{ASSIGNMENT}.ipynb").read_text())
    [cell] = [c for c in collected["cells"]
              if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "central_difference"]
    source = "".join(cell["source"])
    assert MARKER in source and "return (f(x + h) - f(x - h)) / (2 * h)" in source, source
    assert "raise NotImplementedError()" not in source
    assert not errors, errors
