"""`lstmspec lint PATH...`: check configs without TensorFlow. Exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import os
import sys

import click

from ..checking import fix_results, lint_paths
from ..diagnostics import has_errors
from ..reporters import REPORTERS, render
from ..settings import SettingsError, parse_selectors
from .options import budget_options
from .set_option import set_option


def emit(text: str, output_file: str | None) -> None:
    if output_file is None:
        sys.stdout.write(text)
        return
    folder = os.path.dirname(output_file)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(output_file, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def report_problems(problems) -> int:
    """Print the usage problems; 2 when there are any (the exit status), else 0."""
    for problem in problems:
        click.echo(f"lstmspec: error: {problem}", err=True)
    return 2 if problems else 0


def selectors(values, option: str) -> tuple[str, ...]:
    try:
        return parse_selectors(list(values), option)
    except SettingsError as err:
        raise click.BadParameter(str(err).split(": ", 1)[1], param_hint=option) from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="Output format: text, concise, json, github (workflow "
              "annotations) or sarif (code scanning).")
@click.option("--select", "select", multiple=True, metavar="CODES",
              help="Report only these codes or prefixes (LS1,LS202); replaces the "
              "[tool.lstmspec] select of pyproject.toml.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODES",
              help="Do not report these codes or prefixes; adds to [tool.lstmspec] ignore.")
@click.option("--output-file", "-o", "output_file", type=click.Path(dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what "
              "is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified "
              "diff and change nothing (exit 1 when there is something to fix).")
@click.option("--repo-root", type=click.Path(file_okay=False), default=None,
              help="For --format sarif: make file URIs relative to this folder (default: the "
              "current one).")
@budget_options
@set_option
def lint(paths, output_format, select, ignore, output_file, exit_zero, fix, show_diff,
         repo_root, max_params, max_memory, overrides) -> int:
    """Check lstmspec configs (files, or directories searched for *.yaml/*.yml configs)."""
    select, ignore = selectors(select, "--select"), selectors(ignore, "--ignore")
    results, problems = lint_paths(paths, select, ignore, max_params, max_memory, overrides)
    if overrides and (fix or show_diff):
        click.echo("lstmspec: error: --set and --fix/--diff contradict each other: the fixes "
                   "would be computed on values the file does not hold", err=True)
        return 2
    if fix or show_diff:
        results, diff_text, count, unwritten = fix_results(
            results, select, ignore, not show_diff, (max_params, max_memory))
        problems += unwritten
        if show_diff:
            sys.stdout.write(diff_text)
            click.echo(f"lstmspec: {count} fix{'es' * (count != 1)} available", err=True)
            return report_problems(problems) or int(bool(diff_text))
        click.echo(f"lstmspec: fixed {count} problem{'s' * (count != 1)}", err=True)
    options = {"repo_root": repo_root} if output_format == "sarif" and repo_root else {}
    try:
        emit(render(output_format, results, **options), output_file)
    except OSError as err:
        problems.append(f"{output_file}: cannot write the report: {err.strerror or err}")
    if report_problems(problems):
        return 2
    if exit_zero:
        return 0
    return 1 if has_errors(d for r in results for d in r.diagnostics) else 0
