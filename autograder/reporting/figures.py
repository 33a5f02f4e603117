"""The report's plots as PNG bytes, made with Matplotlib's object API (no pyplot state, no display).

Each function returns ``None`` when there is nothing to plot, so the page can say so instead.
"""
from __future__ import annotations

import io
import math

from autograder.reporting.stats import Figures

BLUE, GREEN, ORANGE, RED, GREY = "#3b75af", "#519e3e", "#ef8636", "#c53a32", "#8c8c8c"


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def score_histogram(figures: Figures) -> bytes | None:
    values = [t for _, t in figures.totals]
    if not values:
        return None
    top = max(figures.max_total, max(values), 1.0)
    step = max(1.0, math.ceil(top / 20))
    edges = [i * step for i in range(int(math.ceil(top / step)) + 1)]
    fig, ax = _figure(6.4, 3.0)
    ax.hist(values, bins=edges, color=BLUE, edgecolor="white")
    summary = figures.score_summary()
    ax.axvline(summary["mean"], color=ORANGE, linestyle="--", label=f"mean {summary['mean']:.1f}")
    ax.axvline(summary["median"], color=GREEN, linestyle=":", label=f"median {summary['median']:.1f}")
    ax.set_xlim(0, edges[-1])
    ax.set_xlabel(f"total score (out of {figures.max_total:g}; late penalties applied)")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Score distribution: {figures.assignment} ({len(values)} graded)")
    ax.legend(frameon=False)
    return _png(fig)


def _rate_bars(labels: list, rates: list, title: str, xlabel: str, notes: list | None = None) -> bytes:
    height = 0.9 + 0.24 * len(labels)
    fig, ax = _figure(9.6, height)
    positions = list(range(len(labels)))[::-1]
    colors = [GREEN if r >= 0.9 else ORANGE if r >= 0.6 else RED for r in rates]
    ax.barh(positions, [100 * r for r in rates], color=colors, height=0.7)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_xlim(0, 112)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    for y, r, note in zip(positions, rates, notes or [""] * len(rates)):
        ax.text(100 * r + 1, y, f"{100 * r:.0f}%{note}", va="center", fontsize=7)
    return _png(fig)


def check_rates(figures: Figures) -> bytes | None:
    rates = [r for r in figures.checks if r.total]
    if not rates:
        return None
    return _rate_bars([r.label for r in rates], [r.rate for r in rates], "Pass rate per hidden check",
                      "submissions passing (%)", [f" ({r.passed}/{r.total})" for r in rates])


def mistake_counts(figures: Figures, top: int = 10) -> bytes | None:
    found = figures.mistakes[:top]
    if not found:
        return None
    fig, ax = _figure(7.2, 0.9 + 0.3 * len(found))
    positions = list(range(len(found)))[::-1]
    ax.barh(positions, [m.count for m in found], color=ORANGE, height=0.7)
    ax.set_yticks(positions, [f"{m.exercise}: {m.mistake}" for m in found], fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("students whose answer matches the mistake")
    ax.set_title("Most frequent registered mistakes")
    return _png(fig)


def time_histogram(figures: Figures) -> bytes | None:
    values = [s for _, s in figures.seconds]
    if not values:
        return None
    fig, ax = _figure(6.4, 2.6)
    ax.hist(values, bins=min(20, max(5, len(values))), color=GREY, edgecolor="white")
    summary = figures.time_summary()
    ax.axvline(summary["median"], color=GREEN, linestyle=":", label=f"median {summary['median']:.1f} s")
    ax.set_xlabel("grading time per submission (s: sandbox start, student cells, hidden checks)")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Time per submission")
    ax.legend(frameon=False)
    return _png(fig)
