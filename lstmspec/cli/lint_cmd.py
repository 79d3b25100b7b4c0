"""`lstmspec lint PATH...`: check configs without TensorFlow. Exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import os
import sys

import click

from ..checking import CheckOptions, check_paths, check_text
from ..diagnostics import has_errors
from ..reporters import REPORTERS, render
from ..settings import SettingsError, parse_selectors, selects_nothing
from .options import budget_options, settings_options
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
    """The codes of an option; one that names no code is a warning (it selects nothing)."""
    try:
        parsed = parse_selectors(list(values), option)
    except SettingsError as err:
        raise click.BadParameter(str(err).split(": ", 1)[1], param_hint=option) from None
    for code in dict.fromkeys(parsed):
        if selects_nothing(code):
            click.echo(f"lstmspec: warning: {option} {code}: names no lstmspec code: it selects "
                       "nothing", err=True)
    return parsed


def usage_conflict(paths, fix, show_diff, overrides, stdin_filename) -> str | None:
    if fix and show_diff:
        return ("--fix writes the fixes and --diff only shows them: give one (--diff alone "
                "changes nothing)")
    if overrides and (fix or show_diff):
        return ("--set and --fix/--diff contradict each other: the fixes would be computed on "
                "values the file does not hold")
    if "-" in paths and len(paths) > 1:
        return "`-` (standard input) cannot be linted with other paths"
    if stdin_filename and "-" not in paths:
        return "--stdin-filename names the file standard input stands for: give `-` as the path"
    return None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="Output format: text, concise, json, github (workflow "
              "annotations) or sarif (code scanning).")
@click.option("--select", "select", multiple=True, metavar="CODES",
              help="Report only these codes or prefixes (LS1,LS202); replaces the settings' "
              "select and ignore.")
@click.option("--extend-select", "extend_select", multiple=True, metavar="CODES",
              help="Report these codes or prefixes too, on top of the selection.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODES",
              help="Do not report these codes or prefixes; adds to the settings' ignore.")
@click.option("--output-file", "-o", "output_file", type=click.Path(dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when errors are found.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what "
              "is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified "
              "diff and change nothing; the findings left after them go to standard error "
              "(exit 1 when there is something to fix or an error is left).")
@click.option("--show-fixes", is_flag=True, help="With --fix or --diff: list each fix made.")
@click.option("--statistics", is_flag=True, help="Print how many times each code was found "
              "instead of the findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no closing "
              "count, no notes.")
@click.option("--repo-root", type=click.Path(file_okay=False), default=None,
              help="For --format sarif: make file URIs relative to this folder (default: the "
              "current one).")
@settings_options
@budget_options
@set_option
def lint(paths, output_format, select, extend_select, ignore, output_file, exit_zero, fix,
         show_diff, show_fixes, statistics, quiet, repo_root, stdin_filename, discovery,
         max_params, max_memory, overrides) -> int:
    """Check lstmspec configs (files, or directories searched for *.yaml/*.yml configs; `-`
    reads standard input)."""
    conflict = usage_conflict(paths, fix, show_diff, overrides, stdin_filename)
    if conflict:
        return report_problems([conflict])
    options = CheckOptions(selectors(select, "--select"), selectors(ignore, "--ignore"),
                           selectors(extend_select, "--extend-select"), max_params, max_memory,
                           overrides, discovery)
    stdin = paths == ("-",)
    checked = check_text(sys.stdin.buffer.read().decode("utf-8", "surrogateescape"),
                         stdin_filename, options) if stdin else check_paths(paths, options)
    results, problems = checked.results, checked.problems
    if fix or show_diff:
        from .lint_fixes import apply_fixes

        results, status = apply_fixes(checked, options, fix, stdin, show_fixes, quiet)
        if show_diff or (fix and stdin):
            return report_problems(problems) or status
    if not quiet:
        for note in checked.notes:
            click.echo(f"lstmspec: {note}", err=True)
    try:
        emit(report(output_format, results, statistics, quiet, repo_root), output_file)
    except OSError as err:
        problems.append(f"{output_file}: cannot write the report: {err.strerror or err}")
    if report_problems(problems):
        return 2
    if exit_zero:
        return 0
    return 1 if has_errors(d for r in results for d in r.diagnostics) else 0


def report(output_format: str, results, statistics: bool, quiet: bool, repo_root) -> str:
    if statistics:
        from ..fix import FIXABLE
        from ..reporters.statistics import render as render_statistics

        return render_statistics(results, output_format == "json", frozenset(FIXABLE))
    options = {"repo_root": repo_root} if output_format == "sarif" and repo_root else {}
    return render(output_format, results, quiet=quiet, **options)
