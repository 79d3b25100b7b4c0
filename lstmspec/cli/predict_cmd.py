"""`lstmspec predict RUN_DIR [--data FILE] [-o FILE] [--interval LEVEL]`: predictions for
every complete window of a data file, prepared as training did, in the original units. Exit 0; 1 bad data or an
unusable run directory (one located line); 2 usage."""

from __future__ import annotations

import click

from .use_options import DATA, INTERVAL, RUNTIME, guarded


@click.command()
@click.argument("run_dir")
@DATA
@click.option("--output", "-o", metavar="FILE", help="Write the predictions here (.csv; .npz "
              "for an NPZ run) instead of CSV on stdout.")
@click.option("--probabilities", is_flag=True, help="A classifier: also write each class's "
              "probability (probability_class_K columns).")
@RUNTIME
@INTERVAL
def predict(run_dir, data, output, probabilities, runtime, interval) -> int:
    """Predict every complete window of a data file with a trained run."""
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.predict(run_dir, data, output, runtime, probabilities,
                                                click.echo, interval))
