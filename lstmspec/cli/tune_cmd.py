"""`lstmspec tune FILE`: search the config's `tune:` space with Optuna, every sampled config
linted before it trains. Exit 0 a best config was found, 1 a problem in the config (or no trial
completed), 2 usage."""

from __future__ import annotations

import os
import sys

import click

from ..checking import budget_for, missing_sections
from ..reporters import render
from ..settings import settings_for
from .errors import error_line, report
from .gate import lint_gate
from .options import DEVICES, budget_options
from .set_option import set_option


def missing_tune(result) -> list:
    """LS486 when the config has no `tune:` section (lint accepts it: `run` trains it)."""
    from ..diagnostics import FILE_START, Finding
    from ..lint import to_diagnostic

    if result.model.tune is not None:
        return []
    return [to_diagnostic(result.source, Finding(
        "LS486", "`tune` needs a `tune:` section with a `space:`, which this config does not "
        "have: add e.g. tune: {space: {layers.<name>.units: {type: int, low: 8, high: 64}}}",
        span=FILE_START))]


def missing_extra() -> str | None:
    """Imported, not only looked for: a package that is there but cannot be imported is
    missing too (tune imports both right after)."""
    try:
        import optuna  # noqa: F401
    except ImportError:
        return "`tune` needs the optuna package, which is not installed: pip install " \
            "'lstmspec[tune]'"
    try:
        import optuna_integration  # noqa: F401
    except ImportError:
        return "`tune` needs the optuna_integration package, which is not installed: pip " \
            "install 'lstmspec[tune]'"
    return None


@click.command()
@click.argument("path")
@click.option("--trials", type=click.IntRange(min=1), metavar="N",
              help="Finished trials to reach in the study (instead of tune.budget.trials).")
@click.option("--study-dir", "-o", metavar="DIR", help="The study directory (instead of "
              "tune.dir, or runs/<name>-tune); the same command resumes the study there.")
@click.option("--storage", metavar="URL|FILE", help="Share the study between workers: a "
              "journal file (.log) or a database URL; start the same command on each worker.")
@click.option("--device", type=DEVICES, default="auto", show_default=True,
              help="auto: a GPU when TensorFlow sees one; cpu: hide the GPUs.")
@click.option("--verbose", "-v", is_flag=True, help="Each trial's progress and run output.")
@budget_options
@set_option
def tune(path, trials, study_dir, storage, device, verbose, max_params, max_memory,
         overrides) -> int:
    """Search the `tune:` space of a config; write trials.csv, best.yaml and plots."""
    result, status = lint_gate(path, overrides, max_params, max_memory)
    if result is None:
        return status
    missing = missing_sections(result) + missing_tune(result)
    if missing:
        result.diagnostics = missing
        sys.stderr.write(render("concise", [result]))
        return 1
    problem = missing_extra()
    if problem:
        click.echo(error_line(path, "LS680", problem), err=True)
        return 1
    from ..tune.study import TuneError, TuneOptions
    from ..tune.study import tune as run_study

    options = TuneOptions(device=device, quiet=not verbose, study_dir=study_dir,
                          storage=storage, trials=trials)
    settings = settings_for(path)
    budget = budget_for(settings, max_params, max_memory)
    try:
        outcome = run_study(result, budget, options, echo=click.echo,
                            selection=settings.selection)
    except TuneError as err:
        return report(path, err)
    c = outcome.counts
    click.echo(f"Trials: {c['complete']} complete, {c['pruned_by_lint']} pruned by lint before "
               f"training, {c['pruned_in_training']} pruned in training, {c['failed']} failed"
               + (f", {c['skipped']} skipped (repeated values)" if c["skipped"] else ""))
    if outcome.best_value is None:
        click.echo(error_line(path, "LS682", "no trial completed: see "
                              f"{os.path.join(outcome.study_dir, 'trials.csv')} for the "
                              "reasons"), err=True)
        return 1
    click.echo(f"Best {result.model.tune.objective.metric}: {outcome.best_value:.6g}; "
               f"{os.path.join(outcome.study_dir, 'best.yaml')}")
    click.echo(f"Results in {outcome.study_dir}{os.sep}: {'  '.join(outcome.files)}")
    return 0
