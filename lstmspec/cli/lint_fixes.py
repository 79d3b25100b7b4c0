"""`lint --fix` and `--diff`: print the diff (or stdin's fixed text), the fixes made
(`--show-fixes`) and what is left, and choose the exit status."""

from __future__ import annotations

import sys

import click

from ..checking.fixing import fix_results
from ..diagnostics import has_errors
from ..reporters import render


def apply_fixes(checked, options, write: bool, stdin: bool, show_fixes: bool,
                quiet: bool) -> tuple[list, int]:
    """Fix the checked files. Returns the results to report (what is left) and, for --diff
    and stdin, the exit status: 1 when there is something to fix or an error is left."""
    out = fix_results(checked.results, options, write and not stdin)
    checked.problems += out.problems
    if show_fixes:
        for path, code, message in out.fixed:
            click.echo(f"lstmspec: fixed {path}: {code} {message}", err=True)
    left = [d for r in out.results for d in r.diagnostics]
    if write and not stdin:
        if not quiet:
            click.echo(f"lstmspec: fixed {out.count} problem{'s' * (out.count != 1)}", err=True)
        return out.results, 0
    if stdin:  # --fix on `-`: the fixed text on stdout, as formatters do
        sys.stdout.write(next(iter(out.texts.values()), "") if out.texts else
                         "".join(r.source.text for r in checked.results))
    else:
        sys.stdout.write(out.diff)
        click.echo(f"lstmspec: {out.count} fix{'es' * (out.count != 1)} available", err=True)
    if left and not quiet:
        said = "after these fixes, " if out.count else ""
        click.echo(f"lstmspec: {said}lint still finds:", err=True)
        sys.stderr.write(render("concise", out.results))
    unfixed = has_errors(left)  # --fix on stdin: fixed is fine; --diff: a fix to make is not
    return out.results, int(unfixed or (bool(out.diff) and not write))
