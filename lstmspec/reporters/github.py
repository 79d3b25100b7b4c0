"""GitHub Actions workflow commands: one `::error` or `::warning` annotation per diagnostic.

Escaping follows the runner's rules (actions/toolkit core/src/command.ts): in the message,
`%`, CR and LF; in property values also `:` and `,`.
"""

from __future__ import annotations

import os


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag) -> str:
    span = diag.span
    props = {"file": diag.path.replace(os.sep, "/"), "line": span.line, "col": span.column,
             "endLine": span.end_line, "endColumn": span.end_column, "title": diag.code}
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{diag.severity.value} {joined}::{escape_data(diag.message)}"


def render(results, **_) -> str:
    return "".join(annotation(d) + "\n" for r in results for d in r.diagnostics)
