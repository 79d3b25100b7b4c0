"""One line per diagnostic: `path:line:col: CODE [severity] message` (for grep and editors)."""

from __future__ import annotations


def one_line(text: str) -> str:
    return " ".join(text.split())


def render(results, **_) -> str:
    lines = [f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity.value}] "
             f"{one_line(d.message)}" for r in results for d in r.diagnostics]
    return "".join(line + "\n" for line in lines)
