"""The instructor report as one self-contained HTML page: inline CSS, plots as inline base64 PNGs,
no script and no external resource, so it can be mailed, archived or opened from any folder.
Every piece of text is escaped (student ids and reasons come from submissions)."""
from __future__ import annotations

import base64
import datetime
import html

from autograder.reporting import figures as plots
from autograder.reporting.stats import Figures

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222;
       max-width: 1000px; margin: 2em auto; padding: 0 1.2em; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; }
h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.sub { color: #666; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 0.7em; margin: 1.2em 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.9em; min-width: 8.5em; background: #fafafa; }
.card .n { font-size: 1.6em; font-weight: 600; }
.card .l { color: #555; font-size: 0.85em; }
.card.warn { border-color: #ef8636; background: #fff7f0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { text-align: left; padding: 0.25em 0.8em; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
img { max-width: 100%; height: auto; display: block; margin: 0.6em 0; }
.muted { color: #777; }
.bar { display: inline-block; height: 0.7em; background: #519e3e; vertical-align: middle; }
.bar.mid { background: #ef8636; } .bar.low { background: #c53a32; }
code { font-size: 0.95em; }
summary { cursor: pointer; color: #3b75af; margin: 0.4em 0; }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _img(png: bytes | None, alt: str) -> str:
    if png is None:
        return f'<p class="muted">{_e(alt)}: nothing to plot.</p>'
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _g(x: float) -> str:
    return f"{x:.4g}"


def _pct_bar(rate: float) -> str:
    level = "" if rate >= 0.9 else " mid" if rate >= 0.6 else " low"
    return f'<span class="bar{level}" style="width:{max(1, round(80 * rate))}px"></span> {100 * rate:.0f}%'


def _table(header: list, rows: list, numeric: set = frozenset()) -> str:
    out = ["<table><thead><tr>" + "".join(
        f'<th class="num">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>" for i, h in enumerate(header))
           + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>" for i, cell in enumerate(row))
                   + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _card(number, label: str, warn: bool = False) -> str:
    return f'<div class="card{" warn" if warn else ""}"><div class="n">{_e(number)}</div><div class="l">{_e(label)}</div></div>'


def render(figures: Figures, generated: datetime.datetime | None = None) -> str:
    generated = generated or datetime.datetime.now().astimezone()
    scores = figures.score_summary()
    times = figures.time_summary()
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Report: {_e(figures.assignment)}</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>Instructor report: {_e(figures.assignment)}</h1>",
        f'<p class="sub">Generated {_e(generated.strftime("%Y-%m-%d %H:%M %Z"))} from the gradebook and the full '
        "check results. Instructor only: it names students and hidden checks.</p>",
        '<div class="cards">',
        _card(figures.roster, "students on the roster"),
        _card(figures.submitted, "submitted"),
        _card(figures.graded, "graded"),
        _card(len(figures.ungradable), "ungradable", bool(figures.ungradable)),
        _card(len(figures.missing), "missing", bool(figures.missing)),
        _card(len(figures.manual_pending), "need manual grading", bool(figures.manual_pending)),
    ]
    if scores:
        parts.append(_card(f"{scores['median']:.4g} / {figures.max_total:g}", "median score"))
    if times:
        parts.append(_card(f"{times['median']:.1f} s", "median grading time"))
    parts.append("</div>")

    parts.append("<h2>Score distribution</h2>")
    if scores:
        parts.append(f"<p>Totals of graded submissions, late penalties applied: mean {_g(scores['mean'])}, median "
                     f"{_g(scores['median'])}, min {_g(scores['min'])}, max {_g(scores['max'])}, standard deviation "
                     f"{_g(scores['stdev'])} (out of {figures.max_total:g}). Missing and ungradable submissions are "
                     "not counted as 0."
                     + (f" {len(figures.manual_pending)} of them still wait for manual grading, so their totals "
                        "are provisional." if figures.manual_pending else "") + "</p>")
    parts.append(_img(plots.score_histogram(figures), "Score distribution"))

    parts.append("<h2>Per exercise</h2>")
    rows = [[f"<code>{_e(r.label)}</code>", _pct_bar(r.rate), f"{r.passed} / {r.total}",
             f"{_g(r.mean_points)} / {_g(r.max_points)}"] for r in figures.exercises]
    parts.append(_table(["exercise (test cell)", "full marks", "submissions", "mean points"], rows, {2, 3}))
    if figures.manual:
        rows = [[f"<code>{_e(r.label)}</code>", f"{r.passed} / {r.total}",
                 f"{_g(r.mean_points)} / {_g(r.max_points)}" if r.passed else '<span class="muted">-</span>']
                for r in figures.manual]
        parts.append("<p>Manually graded cells (plots and written answers, graded in the formgrader):</p>")
        parts.append(_table(["cell", "graded", "mean points"], rows, {1, 2}))

    parts.append("<h2>Per hidden check</h2>")
    rows = [[f"<code>{_e(r.label)}</code>", _pct_bar(r.rate), f"{r.passed} / {r.total}",
             (f'<span style="color:#c53a32">{r.errors} broke</span>' if r.errors else "")] for r in figures.checks]
    failing = [r for r in figures.checks if r.passed < r.total]
    parts.append(f"<p>{len(failing)} of {len(figures.checks)} hidden checks failed at least once.</p>")
    parts.append(_img(plots.check_rates(figures), "Pass rate per hidden check"))
    parts.append(f"<details><summary>All {len(figures.checks)} checks as a table</summary>")
    parts.append(_table(["check", "pass rate", "passed", "check errors"], rows, {2}))
    parts.append("</details>")

    parts.append("<h2>Most frequent registered mistakes</h2>")
    if figures.mistakes:
        rows = [[str(m.count), f"<code>{_e(m.exercise)}</code>", f"<code>{_e(m.mistake)}</code>", _e(m.explanation),
                 _e(", ".join(m.students))] for m in figures.mistakes[:10]]
        parts.append(_table(["students", "exercise", "mistake", "what it means", "who"], rows, {0}))
        parts.append(_img(plots.mistake_counts(figures), "Most frequent registered mistakes"))
    else:
        parts.append('<p class="muted">No registered mistake matched any answer.</p>')

    parts.append("<h2>Ungradable submissions</h2>")
    if figures.ungradable:
        parts.append(_table(["student", "reason"], [[_e(s), _e(r)] for s, r in figures.ungradable]))
    else:
        parts.append('<p class="muted">None.</p>')
    parts.append("<h2>Missing submissions</h2>")
    parts.append(f"<p>{_e(', '.join(figures.missing))} (marked missing in exports, not 0)</p>" if figures.missing
                 else '<p class="muted">None: every student on the roster handed something in.</p>')

    parts.append("<h2>Still need manual grading</h2>")
    if figures.manual_pending:
        parts.append("<p>Grade these in the formgrader (Manual Grading), then run "
                     f"<code>nbgrader generate_feedback {_e(figures.assignment)}</code> again.</p>")
        parts.append(_table(["student", "cells"], [[_e(s), _e(", ".join(c))] for s, c in figures.manual_pending]))
    else:
        parts.append('<p class="muted">Nothing: every cell has a score.</p>')
    if figures.late:
        parts.append("<h2>Late submissions</h2>")
        parts.append(_table(["student", "penalty"], [[_e(s), _g(p)] for s, p in figures.late], {1}))
    if figures.faults or figures.check_errors:
        parts.append("<h2>Problems during grading</h2>")
        rows = [[_e(s), "sandbox", _e(f)] for s, f in figures.faults]
        rows += [[_e(s), "check error", f"<code>{_e(c)}</code> (details in the results JSON)"]
                 for s, c in figures.check_errors]
        parts.append(_table(["student", "kind", "what"], rows))

    parts.append("<h2>Time per submission</h2>")
    if times:
        parts.append(f"<p>Grading time per submission (sandbox start, the student's cells, the hidden checks): "
                     f"median {times['median']:.2f} s, 90th percentile {times['p90']:.2f} s, max {times['max']:.2f} s, "
                     f"{times['total']:.1f} s in all.</p>")
        parts.append(_img(plots.time_histogram(figures), "Time per submission"))
        slowest = sorted(figures.seconds, key=lambda x: -x[1])[:5]
        parts.append(_table(["slowest submissions", "seconds"], [[_e(s), f"{t:.2f}"] for s, t in slowest], {1}))
    else:
        parts.append('<p class="muted">No timing recorded.</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
