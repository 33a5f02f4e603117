"""``autograder report ASSIGNMENT``: the instructor's class report (HTML page and text)."""
from __future__ import annotations

import sys
from pathlib import Path


def register(subparsers):
    p = subparsers.add_parser(
        "report", help="instructor report of one assignment: scores, pass rates, mistakes, problems (HTML + text)",
        description="Write reports/ASSIGNMENT.html (self-contained: inline CSS and plots) and reports/ASSIGNMENT.txt "
                    "from the gradebook and the full check results, and print the text.")
    p.add_argument("assignment")
    p.add_argument("--output", help="the HTML file to write (default: reports/ASSIGNMENT.html under the course root); "
                                    "the text goes next to it with .txt")
    p.add_argument("--quiet", action="store_true", help="do not print the text report")
    p.set_defaults(run=run)


def run(args) -> int:
    from autograder.reporting import collect, page, stats, text

    root = Path(args.root).resolve()
    try:
        record = collect.load(root, args.assignment)
    except collect.ReportError as exc:
        print(f"autograder report: {exc}", file=sys.stderr)
        return 2
    figures = stats.compute(record)
    html_path = Path(args.output) if args.output else root / "reports" / f"{args.assignment}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page.render(figures), encoding="utf-8")
    report_text = text.render(figures)
    html_path.with_suffix(".txt").write_text(report_text, encoding="utf-8")
    if not args.quiet:
        print(report_text)
    print(f"report: {html_path}\n        {html_path.with_suffix('.txt')}")
    return 0
