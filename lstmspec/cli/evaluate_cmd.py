"""`lstmspec evaluate RUN_DIR --data FILE [--format text|json]`: the metrics of the run's
metrics.json (naive baseline included) on another data file. Exit 0; 1 bad data; 2 usage."""

from __future__ import annotations

import click

from .use_options import guarded


@click.command()
@click.argument("run_dir")
@click.option("--data", required=True, metavar="FILE", help="A data file in the run's layout, "
              "with the targets.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def evaluate(run_dir, data, fmt) -> int:
    """Score a trained run on another data file."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.evaluate(run_dir, data, fmt, click.echo))
