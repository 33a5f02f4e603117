"""The instructor's and the student's pages in a real browser.

A real Jupyter server (``jupyter lab`` from the venv, on 127.0.0.1, with a token, nbgrader's
formgrader server extension enabled) serves a copy of the graded class (graded_class.py); Debian's
chromium, driven by Playwright, opens the formgrader, sees the assignment and the graded
submissions with their autograded scores, opens one submission, enters a manual grade and a
comment, generates feedback, then opens the student's feedback page, the instructor report and
the formgrader inside JupyterLab. Screenshots go to test-artifacts/browser/.

Playwright never downloads a browser here: it launches /usr/bin/chromium (``make test`` installs
it through scripts/bootstrap.sh with WITH_BROWSER=1).
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser import graded_class  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ASSIGNMENT = graded_class.ASSIGNMENT
STUDENT = "bob"  # the registered mistake: 25.5 / 28 autograded
MANUAL_CELL, MANUAL_SCORE = "gradient_field_plot", "1.5"
COMMENT = "Arrows and contours are right; label the colour bar's units next time."


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from autograder import cli

    graded = graded_class.build(tmp_path_factory.mktemp("graded-class"))
    target = graded_class.copy_of(graded, tmp_path_factory.mktemp("browser") / "course")
    exchange = target.parent / "exchange"
    exchange.mkdir()
    with open(target / "nbgrader_config.py", "a") as config:
        config.write(f"c.Exchange.root = {str(exchange)!r}  # keep the formgrader off any shared exchange\n")
    assert cli.main(["--root", str(target), "report", ASSIGNMENT, "--quiet"]) == 0
    return target


@pytest.fixture(scope="module")
def server(course, tmp_path_factory):
    """``jupyter lab`` in the course directory; yields (base url, token); stopped by its pid."""
    home = tmp_path_factory.mktemp("jupyter")
    for sub in ("config", "runtime", "settings", "workspaces"):
        (home / sub).mkdir()
    (home / "config" / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": True,
                                               "jupyterlab": True, "notebook": True}}}))
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = open(home / "server.log", "w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         "--ServerApp.port=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         "--ServerApp.open_browser=False"] + (["--allow-root"] if os.geteuid() == 0 else []),
        cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = _wait_for_server(process, home / "runtime", token, home / "server.log")
        yield base, token
    finally:
        _stop(process)
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "server.log").write_text((home / "server.log").read_text())


def _wait_for_server(process, runtime: Path, token: str, log: Path, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        for info in runtime.glob("jpserver-*.json"):
            data = json.loads(info.read_text() or "{}")
            if data.get("pid") == process.pid and data.get("port"):
                base = f"http://127.0.0.1:{data['port']}"
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as reply:
                        if reply.status == 200:
                            return base
                except OSError:
                    pass
        time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer within {timeout:g} s:\n{log.read_text()[-3000:]}")


def _stop(process) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # our own session: the server and anything it started
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: run `WITH_BROWSER=1 bash scripts/bootstrap.sh` (make test does)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


def shot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def _grade(course: Path, student: str, cell: str):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        grade = next(g for g in notebook.grades if g.name == cell)
        comment = next(c for c in notebook.comments if c.name == cell)
        return grade.manual_score, comment.manual_comment


def test_instructor_grades_in_the_formgrader_and_the_student_reads_the_feedback(course, server, browser):
    base, token = server
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))

    # the formgrader: the assignment, then its graded submissions with their scores
    page.goto(f"{base}/formgrader?token={token}")
    page.wait_for_url("**/formgrader/manage_assignments")
    page.locator("tbody tr", has_text=ASSIGNMENT).first.wait_for()
    shot(page, "01-formgrader-assignments")

    page.goto(f"{base}/formgrader/manage_submissions/{ASSIGNMENT}")
    row = page.locator("tbody tr", has_text="Brown, Bob")
    row.wait_for()
    assert "25.5" in row.inner_text()  # the autograded score (manual cells are still open)
    alice = page.locator("tbody tr", has_text="Adams, Alice").inner_text()
    assert "28" in alice
    shot(page, "02-formgrader-submissions")

    page.goto(f"{base}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
    page.locator("tbody tr", has_text=STUDENT).first.wait_for()
    shot(page, "03-formgrader-manual-grading-list")
    page.locator("tbody tr", has_text=STUDENT).first.locator("a").first.click()

    # one submission: the autograded report is there; grade a plot by hand, with a comment
    page.wait_for_url("**/formgrader/submissions/**")
    page.get_by_text("test_central_difference: 0.5 / 3 points").wait_for()
    page.get_by_text("Autograder summary: 25.5 / 28 autograded points").wait_for()
    shot(page, "04-formgrader-submission")
    score = page.locator(f"input.score#{MANUAL_CELL}")
    score.scroll_into_view_if_needed()
    score.fill(MANUAL_SCORE)
    score.press("Tab")
    comment = page.locator(f"textarea#{MANUAL_CELL}-comment")
    comment.fill(COMMENT)
    comment.press("Tab")
    deadline = time.monotonic() + 20
    while _grade(course, STUDENT, MANUAL_CELL) != (float(MANUAL_SCORE), COMMENT) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _grade(course, STUDENT, MANUAL_CELL) == (float(MANUAL_SCORE), COMMENT)
    score.scroll_into_view_if_needed()
    page.mouse.wheel(0, -250)
    shot(page, "05-formgrader-manual-grade")

    # generate this student's feedback from the formgrader
    page.goto(f"{base}/formgrader/manage_submissions/{ASSIGNMENT}")
    row = page.locator("tbody tr", has_text="Brown, Bob")
    row.wait_for()
    feedback = course / "feedback" / STUDENT / ASSIGNMENT / f"{ASSIGNMENT}.html"
    before = feedback.stat().st_mtime
    row.locator(".generate-feedback a").click()
    page.get_by_text(f"Successfully generated feedback for '{ASSIGNMENT}' for student '{STUDENT}'").wait_for(timeout=120_000)
    page.locator(".modal.in").wait_for()
    page.wait_for_timeout(600)  # the modal's fade-in
    shot(page, "06-formgrader-feedback-generated")
    assert feedback.stat().st_mtime > before

    # the student's feedback page: the summary first, the manual grade and comment inside
    # (/files/ wants the token, a Referer or an XSRF cookie; a typed address has only the token)
    page.goto(f"{base}/files/feedback/{STUDENT}/{ASSIGNMENT}/{ASSIGNMENT}.html?token={token}")
    page.get_by_text("Autograder summary: 25.5 / 28 autograded points").wait_for()
    text = page.inner_text("body")
    assert "Score: 27.0 / 36.0" in text  # 25.5 autograded + 1.5 by hand
    assert COMMENT in text
    assert "Likely cause: This matches the forward difference" in text
    shot(page, "07-student-feedback")
    page.get_by_text(COMMENT).scroll_into_view_if_needed()
    page.mouse.wheel(0, -350)
    shot(page, "08-student-feedback-manual-grade")
    page.get_by_text("test_central_difference: 0.5 / 3 points").scroll_into_view_if_needed()
    page.mouse.wheel(0, -120)
    shot(page, "09-student-feedback-check-report")

    # the instructor report
    page.goto(f"{base}/files/reports/{ASSIGNMENT}.html?token={token}")
    page.get_by_text(f"Instructor report: {ASSIGNMENT}").wait_for()
    assert page.locator("img").count() == 4
    assert all(page.evaluate("i => i.naturalWidth > 0", i) for i in page.locator("img").element_handles())
    shot(page, "10-instructor-report")
    page.get_by_text("Most frequent registered mistakes", exact=True).first.scroll_into_view_if_needed()
    shot(page, "11-instructor-report-mistakes")
    # The feedback page loads MathJax from a CDN, which this offline test cannot reach; anything else is a bug.
    assert not [e for e in errors if "MathJax is not defined" not in e], errors


def _open_formgrader_from_the_menu(page):
    page.get_by_text("Nbgrader", exact=True).first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Formgrader").first.click()
    frame = page.frame_locator("iframe").first
    frame.locator("tbody tr", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)
    news = page.get_by_role("button", name="No", exact=True)  # JupyterLab's "notify about news?" toast
    if news.count():
        news.first.click()
    return frame


@pytest.mark.parametrize("app", ["lab", "tree"], ids=["jupyterlab4", "notebook7"])
def test_the_formgrader_opens_inside_jupyterlab_and_notebook(server, browser, app):
    base, token = server
    page = browser.new_page()
    page.goto(f"{base}/{app}?token={token}")
    page.get_by_text("Nbgrader", exact=True).first.wait_for(timeout=60_000)
    frame = _open_formgrader_from_the_menu(page)
    row = frame.locator("tbody tr", has_text=ASSIGNMENT).first
    row.locator("a", has_text="6").click()  # the number of submissions: the submissions with their scores
    frame.locator("tbody tr", has_text="Brown, Bob").wait_for()
    assert "25.5 / 36" in frame.locator("tbody tr", has_text="Carol").inner_text()
    shot(page, f"12-{'jupyterlab' if app == 'lab' else 'notebook7'}-formgrader")
