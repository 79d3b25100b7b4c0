"""`lstmspec evaluate RUN_DIR --data FILE [--format text|json] [--require-beats BASELINE]`:
the metrics of the run's metrics.json (the naive and seasonal naive baselines included) on
another data file. Exit 0; 1 bad data; 2 usage; 8 --require-beats not met."""

from __future__ import annotations

import click

from .use_options import REQUIRE_BEATS, guarded


@click.command()
@click.argument("run_dir")
@click.option("--data", required=True, metavar="FILE", help="A data file in the run's layout, "
              "with the targets.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@REQUIRE_BEATS
def evaluate(run_dir, data, fmt, require_beats) -> int:
    """Score a trained run on another data file."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.evaluate(run_dir, data, fmt, click.echo,
                                                 require_beats))
