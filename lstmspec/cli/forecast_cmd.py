"""`lstmspec forecast RUN_DIR --steps N [--data FILE] [-o FILE] [--interval LEVEL]
[--future FILE]`: the next N steps after the end of the data, in original units, as CSV (with
a conformal interval; fed the known-future covariates). Exit 0; 1 bad data or a forecast that cannot be
made (one line that says why); 2 usage."""

from __future__ import annotations

import click

from .use_options import DATA, INTERVAL, RUNTIME, guarded


@click.command()
@click.argument("run_dir")
@click.option("--steps", required=True, type=click.IntRange(1, 100_000), metavar="N",
              help="How many steps after the end of the data.")
@DATA
@click.option("--output", "-o", metavar="FILE.csv", help="Write the forecast here instead of "
              "stdout.")
@RUNTIME
@INTERVAL
@click.option("--future", metavar="FILE", help="The future rows of the features that are not "
              "targets (known-future covariates): the time column (and series column) and "
              "those columns, from the step after the data on; a recursive forecast feeds "
              "them back with its own forecasts.")
def forecast(run_dir, steps, data, output, runtime, interval, future) -> int:
    """Forecast the next N steps after the end of a series with a trained run."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.forecast(run_dir, steps, data, output, runtime,
                                                 click.echo, interval, future))
