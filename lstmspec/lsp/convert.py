"""lint's diagnostics as LSP diagnostics: code, severity, the caret's range, the message with
its fix, and a link to the code's documentation."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lsprotocol import types

from ..diagnostics import Severity

SOURCE = "lstmspec"
SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error,
              Severity.WARNING: types.DiagnosticSeverity.Warning}


@lru_cache(maxsize=None)
def rule_doc_uri(code: str) -> str | None:
    """The code's page as shipped in the package (lstmspec/ruledocs/LSnnn.md, the text
    `lstmspec rule LSnnn` prints): a file every installation has, offline, on no domain."""
    from importlib import resources

    try:
        page = resources.files("lstmspec.ruledocs").joinpath(f"{code}.md")
        path = Path(str(page))
    except (ModuleNotFoundError, TypeError):
        return None
    return path.resolve().as_uri() if path.is_file() else None


def message_of(diag) -> str:
    """The message and, unless the message already ends with it, the fix (as `lint` prints)."""
    if diag.fix and not diag.message.endswith(diag.fix):
        return f"{diag.message}\nfix: {diag.fix}"
    return diag.message


def to_lsp(diag, index) -> types.Diagnostic:
    href = rule_doc_uri(diag.code)
    return types.Diagnostic(
        range=index.range(diag.span),
        message=message_of(diag),
        severity=SEVERITIES[diag.severity],
        code=diag.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"fix": diag.fix} if diag.fix else None,
    )


def problem_diagnostic(message: str, detail: str | None = None) -> types.Diagnostic:
    """A buffer lstmspec could not check (its settings, an internal error): one error at the
    start, so that the editor never shows it as clean."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=message + (f"\n{detail}" if detail else ""),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def diagnostics_of(analysis) -> list[types.Diagnostic]:
    if analysis.problem is not None:
        return [problem_diagnostic(f"lstmspec cannot lint this file: {analysis.problem}")]
    return [to_lsp(d, analysis.index) for d in analysis.result.diagnostics]
