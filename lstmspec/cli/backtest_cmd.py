"""`lstmspec backtest FILE [--folds K] [--step N] [--refit/--no-refit] [-o DIR] [--jobs J]
[--require-beats BASELINE]`: rolling-origin evaluation. Exit 0; 1 config or data (one coded
line); 2 usage; 8 --require-beats not met on all folds pooled."""

from __future__ import annotations

import os

import click

from .errors import report
from .gate import lint_gate
from .options import DEVICES
from .use_options import REQUIRE_BEATS


@click.command()
@click.argument("path")
@click.option("--folds", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="Forecast origins over the end of the data.")
@click.option("--step", type=click.IntRange(1, 1_000_000), metavar="N",
              help="Rows between two origins (default: the horizon).")
@click.option("--refit/--no-refit", default=True, show_default=True,
              help="Train a model on the rows before each origin, or once before the first.")
@click.option("--output-dir", "-o", metavar="DIR", help="Where the folds and backtest.json "
              "go (default: backtests/<config name>).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Folds trained at once, each in its own process.")
@click.option("--device", type=DEVICES, default="cpu", show_default=True)
@REQUIRE_BEATS
def backtest(path, folds, step, refit, output_dir, jobs, device, require_beats) -> int:
    """Backtest a config: a model trained before each of K origins, scored after it."""
    result, status = lint_gate(path)
    if result is None:
        return status
    from ..runner.backtest.running import Options
    from ..runner.backtest.running import backtest as run_backtest
    from ..runner.errors import BaselineNotBeaten, CommandError
    from ..runner.series.verdict import gate_failure

    out = output_dir or os.path.join("backtests", os.path.splitext(os.path.basename(path))[0])
    try:
        if require_beats and not result.model.data or require_beats and \
                result.model.data.kind not in ("csv", "parquet"):
            from ..runner.errors import BaselineUnavailable
            raise BaselineUnavailable(f"--require-beats {require_beats}: this config does not "
                                      "forecast a series")
        made = run_backtest(result, Options(out, folds, step, refit, jobs, device,
                                            require_beats), click.echo)
        failure = gate_failure(made["pooled"], require_beats) if require_beats else None
        if failure:
            raise BaselineNotBeaten(failure + " (all folds pooled)")
    except CommandError as err:
        return report(path, err)
    return 0
