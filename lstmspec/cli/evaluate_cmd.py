"""`lstmspec evaluate RUN_DIR [--data FILE] [--format text|json] [--require-beats BASELINE]`:
the metrics of the run's metrics.json (the naive and seasonal naive baselines included):
without --data on the run's own test part (the numbers of metrics.json), with it on every
window of that file whose targets it holds; the answer says which. Exit 0; 1 bad data;
2 usage; 8 --require-beats not met."""

from __future__ import annotations

import click

from .use_options import REQUIRE_BEATS, guarded


@click.command()
@click.argument("run_dir")
@click.option("--data", metavar="FILE", help="A data file in the run's layout, with the "
              "targets: every window of it is scored (default: the run's own test part, the "
              "numbers of metrics.json).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@REQUIRE_BEATS
def evaluate(run_dir, data, fmt, require_beats) -> int:
    """Score a trained run: its own test part, or another data file."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.evaluate(run_dir, data, fmt, click.echo,
                                                 require_beats))
