"""Turn a report into text for people, annotations for GitHub, or JSON for programs."""

from __future__ import annotations

import json
from itertools import groupby

from .github.inert import inert
from .problems import Report


def _escape_github(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(report: Report, strict: bool = False) -> str:
    """Workflow commands that GitHub shows as annotations on the pull request's lines."""
    lines = []
    for p in report.sorted():
        level = "error" if p.severity == "error" or strict else "warning"
        title = _escape_github(f"{p.code}" + (f" ({p.field})" if p.field else ""), prop=True)
        body = _escape_github(p.message + (f" {p.hint}" if p.hint else ""))
        col = f",col={p.column}" if p.column else ""
        lines.append(f"::{level} file={_escape_github(p.file, True)},line={p.line}{col},title={title}::{body}")
    lines.append(summary_line(report, strict))
    return "\n".join(lines)


def format_json(report: Report) -> str:
    return json.dumps([p.to_dict() for p in report.sorted()], indent=2, ensure_ascii=False)


def summary_line(report: Report, strict: bool = False) -> str:
    """'12 organisations, 130 resources: valid', or what is wrong and in how many files."""
    counts = f"{_n(report.organisations, 'organisation')}, {_n(report.resources, 'resource')}"
    errors, warnings = len(set(report.errors)), len(set(report.warnings))
    if report.valid(strict):
        return f"{counts}: valid" + (f" ({_n(warnings, 'warning')})" if warnings else "")
    parts = [_n(errors, "error")] if errors else []
    if warnings:
        parts.append(_n(warnings, "warning"))
    files = len({p.file for p in report.problems})
    return f"{counts}: {' and '.join(parts)} in {_n(files, 'file')}"


def format_text(report: Report, colour: bool = False, strict: bool = False) -> str:
    """Problems grouped by file, each with its line, what is wrong and how to fix it."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    out: list[str] = []
    for file, problems in groupby(report.sorted(), key=lambda p: p.file):
        out.append(paint(file, "1"))
        for p in problems:
            sev = "error" if p.severity == "error" else "warning"
            tag = paint(sev, "31" if sev == "error" else "33")
            out.append(f"  {file}:{p.line}: {tag} [{p.code}] {p.message}")
            if p.hint:
                out.append(f"      {paint('hint:', '36')} {p.hint}")
        out.append("")
    out.append(summary_line(report, strict))
    return "\n".join(out)


def format_markdown(report: Report, strict: bool = False) -> str:
    """A job summary for a pull request: every problem, grouped by file, in plain English."""
    if not report.problems:
        return f"### Catalogue check\n\n{summary_line(report, strict)}\n"
    out = ["### Catalogue check", "", summary_line(report, strict), ""]
    for file, problems in groupby(report.sorted(), key=lambda p: p.file):
        out.append(f"#### {inert(file)}")
        out.append("")
        for p in problems:
            icon = "❌" if p.severity == "error" else "⚠️"
            hint = f" *{inert(p.hint)}*" if p.hint else ""
            out.append(f"- {icon} line {p.line}: {inert(p.message)}{hint} (`{p.code}`)")
        out.append("")
    return "\n".join(out)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"
