"""The instructor report as plain text: the same figures as the HTML page, for a terminal or a log."""
from __future__ import annotations

import math

from autograder.reporting.stats import Figures


def _g(x: float) -> str:
    return f"{x:.4g}"


def _bar(fraction: float, width: int = 20) -> str:
    filled = int(round(max(0.0, min(1.0, fraction)) * width))
    return "#" * filled + "." * (width - filled)


def headline(figures: Figures) -> list[str]:
    scores = figures.score_summary()
    lines = [f"Instructor report: {figures.assignment}",
             f"  students on the roster        {figures.roster}",
             f"  submitted                     {figures.submitted}",
             f"  graded                        {figures.graded}",
             f"  ungradable                    {len(figures.ungradable)}",
             f"  missing (no submission)       {len(figures.missing)}",
             f"  still need manual grading     {len(figures.manual_pending)}",
             f"  late (penalty applied)        {len(figures.late)}"]
    if scores:
        lines.append(f"  score (of {_g(figures.max_total)})  mean {_g(scores['mean'])}, median {_g(scores['median'])}, "
                     f"min {_g(scores['min'])}, max {_g(scores['max'])}, sd {_g(scores['stdev'])}")
    times = figures.time_summary()
    if times:
        lines.append(f"  grading time per submission   median {times['median']:.2f} s, 90th percentile "
                     f"{times['p90']:.2f} s, max {times['max']:.2f} s (total {times['total']:.1f} s)")
    return lines


def histogram(values: list, top: float, bins: int = 10) -> list[str]:
    if not values:
        return ["  (no graded submissions)"]
    top = max(top, max(values), 1e-9)
    width = top / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(math.floor(v / width)))] += 1
    peak = max(counts)
    lines = []
    for i, count in enumerate(counts):
        low, high = i * width, (i + 1) * width
        closing = "]" if i == bins - 1 else ")"
        lines.append(f"  [{low:6.4g}, {high:6.4g}{closing} {'#' * int(round(30 * count / peak)) if count else '':30} {count}")
    return lines


def render(figures: Figures) -> str:
    out = headline(figures)
    out += ["", f"Score distribution (total of {_g(figures.max_total)}, late penalties applied):"]
    out += histogram([t for _, t in figures.totals], figures.max_total)
    if figures.exercises:
        width = max(len(r.label) for r in figures.exercises)
        out += ["", "Per exercise (autograded test cells): full marks, mean points"]
        for r in figures.exercises:
            out.append(f"  {r.label:{width}}  {_bar(r.rate)} {100 * r.rate:5.1f}% ({r.passed}/{r.total})  "
                       f"mean {_g(r.mean_points)} / {_g(r.max_points)}")
    if figures.manual:
        width = max(len(r.label) for r in figures.manual)
        out += ["", "Manually graded cells: graded so far, mean points"]
        for r in figures.manual:
            out.append(f"  {r.label:{width}}  {r.passed}/{r.total} graded"
                       + (f", mean {_g(r.mean_points)} / {_g(r.max_points)}" if r.passed else ""))
    if figures.checks:
        width = max(len(r.label) for r in figures.checks)
        out += ["", "Per hidden check: pass rate"]
        for r in figures.checks:
            broken = f"  ({r.errors} check errors)" if r.errors else ""
            out.append(f"  {r.label:{width}}  {_bar(r.rate)} {100 * r.rate:5.1f}% ({r.passed}/{r.total}){broken}")
    out += ["", "Most frequent registered mistakes:"]
    if figures.mistakes:
        for m in figures.mistakes[:10]:
            out.append(f"  {m.count:3}  {m.exercise}: {m.mistake}  ({', '.join(m.students)})")
            out.append(f"       {m.explanation}")
    else:
        out.append("  none matched")
    out += ["", "Ungradable submissions:"]
    out += [f"  {s}: {reason}" for s, reason in figures.ungradable] or ["  none"]
    out += ["", "Missing (no submission; not counted as 0):"]
    out += [f"  {', '.join(figures.missing)}"] if figures.missing else ["  none"]
    out += ["", "Still need manual grading (formgrader):"]
    out += [f"  {s}: {', '.join(cells)}" for s, cells in figures.manual_pending] or ["  none"]
    if figures.late:
        out += ["", "Late submissions:"] + [f"  {s}: penalty {_g(p)}" for s, p in figures.late]
    if figures.faults or figures.check_errors:
        out += ["", "Problems during grading:"]
        out += [f"  {s}: sandbox: {f}" for s, f in figures.faults]
        out += [f"  {s}: check error in {c} (see the results JSON)" for s, c in figures.check_errors]
    out += ["", "Time per submission:"]
    if figures.seconds:
        slowest = sorted(figures.seconds, key=lambda x: -x[1])[:5]
        out.append("  slowest: " + ", ".join(f"{s} {t:.2f} s" for s, t in slowest))
    else:
        out.append("  no timing recorded")
    return "\n".join(out) + "\n"
