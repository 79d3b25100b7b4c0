"""`lstmspec lint PATH...`: check configs without TensorFlow. Exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import sys

import click

from ..diagnostics import has_errors
from ..lint import lint_file
from ..reporters import REPORTERS, render
from .paths import expand


def lint_paths(paths) -> tuple[list, list]:
    """Lint every file; unreadable ones become one-line problems (exit 2), others go on."""
    expanded = expand(paths)
    results, problems = [], list(expanded.problems)
    for path in expanded.files:
        try:
            results.append(lint_file(path))
        except IsADirectoryError:
            problems.append(f"{path}: is a directory")
        except OSError as err:
            problems.append(f"{path}: cannot read: {err.strerror or err}")
    return results, problems


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="text",
              show_default=True, help="Output format.")
def lint(paths, output_format) -> int:
    """Check lstmspec configs (files, or directories searched for *.yaml/*.yml configs)."""
    results, problems = lint_paths(paths)
    sys.stdout.write(render(output_format, results))
    for problem in problems:
        click.echo(f"lstmspec: error: {problem}", err=True)
    if problems:
        return 2
    return 1 if has_errors(d for r in results for d in r.diagnostics) else 0
