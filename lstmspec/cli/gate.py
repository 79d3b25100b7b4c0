"""The lint verdict a command prints before it builds, runs or tunes a config (checking.gate)."""

from __future__ import annotations

import sys

import click

from ..checking import gate
from ..reporters import render


def lint_gate(path: str, overrides=(), max_params=None, max_memory=None):
    """(lint result, None) when the config may be used, else (None, exit status); the
    diagnostics are printed to stderr, one line each. TensorFlow is not imported here."""
    verdict = gate(path, overrides, max_params, max_memory)
    for problem in verdict.problems:
        click.echo(f"lstmspec: error: {problem}", err=True)
    result = verdict.result
    if result is None:
        return None, verdict.status
    if result.diagnostics:
        sys.stderr.write(render("concise", [result]))
    for diag in result.suppressed:  # the user's choice, said once where it may bite
        click.echo(f"lstmspec: note: {diag.code} ({diag.severity.value}) at line "
                   f"{diag.span.line} is suppressed by a `# lstmspec: disable=` comment: "
                   f"{diag.message}", err=True)
    if verdict.status is not None:
        return None, verdict.status
    return result, None
