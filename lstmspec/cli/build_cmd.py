"""`lstmspec build FILE`: lint, build the Keras model, cross-check it against the static table,
print Keras's summary, and save it with --output. Exit 0 built, 1 config errors, 2 usage,
3 the model disagrees with the static table (a bug)."""

from __future__ import annotations

import click

from .errors import report
from .gate import lint_gate
from .options import budget_options


@click.command()
@click.argument("path")
@click.option("--output", "-o", "output", metavar="MODEL.keras",
              help="Save the built (untrained) model to this .keras file, atomically.")
@click.option("--device", type=click.Choice(["auto", "cpu"]), default="auto",
              show_default=True, help="cpu hides the GPUs from TensorFlow.")
@budget_options
def build(path, output, device, max_params, max_memory) -> int:
    """Build the Keras model of a config and check it against the static table."""
    if output and not output.endswith(".keras"):
        click.echo("lstmspec: error: --output must name a .keras file (Keras's format), e.g. "
                   "model.keras", err=True)
        return 2
    result, status = lint_gate(path, max_params=max_params, max_memory=max_memory)
    if result is None:
        return status
    from ..runner.build.checked import build as build_model
    from ..runner.errors import CommandError

    try:
        build_model(result, device, output, click.echo)
    except CommandError as err:  # LS419 TensorFlow missing, LS423 (exit 3), LS418 --output
        return report(path, err)
    return 0
