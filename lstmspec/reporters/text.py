"""Human output: `path:line:col: CODE message`, the source line with a caret, and the fix."""

from __future__ import annotations

from ..diagnostics import Severity


def code_end(line_text: str) -> int:
    """Where a line's YAML ends: before a trailing `# comment` (a `#` after a space, outside
    quotes), and its trailing spaces."""
    quote = None
    for index, char in enumerate(line_text):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line_text[index - 1] in " \t"):
            return len(line_text[:index].rstrip())
    return len(line_text.rstrip())


def caret_line(line_text: str, diag) -> str:
    start = max(diag.span.column - 1, 0)
    if diag.span.end_line == diag.span.line and diag.span.end_column > diag.span.column:
        width = diag.span.end_column - diag.span.column
    else:  # to the end of the line's YAML, not under a trailing comment
        width = max(code_end(line_text) - start, 1)
    return " " * start + "^" * max(width, 1)


def render_one(result, diag) -> list[str]:
    lines = [f"{diag.path}:{diag.span.line}:{diag.span.column}: {diag.code} {diag.message}"]
    text = result.source.line_text(diag.span.line)
    if text.strip():
        number = str(diag.span.line)
        pad = " " * len(number)
        lines.append(f"  {number} | {text.rstrip()[:200]}")
        lines.append(f"  {pad} | {caret_line(text, diag)[:200]}")
    if diag.fix and not diag.message.endswith(diag.fix):  # said once is enough
        lines.append(f"  fix: {diag.fix}")
    return lines


def totals(results) -> str:
    diags = [d for r in results for d in r.diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = len(diags) - errors
    files = len(results)
    if not files:
        return "No file was checked."
    if not diags:
        return f"All checks passed ({files} file{'s' * (files != 1)})."
    return (f"Found {errors} error{'s' * (errors != 1)} and {warnings} "
            f"warning{'s' * (warnings != 1)} in {files} file{'s' * (files != 1)}.")


def render(results, quiet: bool = False, **_) -> str:
    """`quiet`: the diagnostics only, without the closing count (`lint --quiet`)."""
    out: list[str] = []
    for result in results:
        for diag in result.diagnostics:
            out += render_one(result, diag)
    if not quiet:
        out.append(totals(results))
    return "".join(line + "\n" for line in out)
