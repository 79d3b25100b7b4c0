"""`lstmspec forecast RUN_DIR --steps N [--data FILE] [-o FILE] [--interval LEVEL]`: the next
N steps after the end of the data, in original units, as CSV (with a conformal interval). Exit 0; 1 bad data or a forecast that cannot be
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
def forecast(run_dir, steps, data, output, runtime, interval) -> int:
    """Forecast the next N steps after the end of a series with a trained run."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.forecast(run_dir, steps, data, output, runtime,
                                                 click.echo, interval))
