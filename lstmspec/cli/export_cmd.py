"""`lstmspec export RUN_DIR --format savedmodel|onnx|tflite -o PATH`: a deployable model,
run in its own runtime on real windows and compared with Keras. Exit 0; 1 cannot export (why,
and what to change); 2 usage; 3 the export's outputs differ from Keras beyond the tolerance."""

from __future__ import annotations

import click

from ..spec.sections.output import EXPORT_FORMATS
from .errors import error_line
from .use_options import guarded


@click.command()
@click.argument("run_dir")
@click.option("--format", "fmt", required=True,
              type=click.Choice(EXPORT_FORMATS))
@click.option("--output", "-o", required=True, metavar="PATH", help="The export: a folder for "
              "savedmodel, a .onnx or .tflite file.")
@click.option("--data", metavar="FILE", help="Check on windows of this file (default: the "
              "run's own data).")
@click.option("--tolerance", type=click.FloatRange(min=0), default=1e-4, show_default=True,
              help="The largest absolute difference from Keras accepted.")
def export(run_dir, fmt, output, data, tolerance) -> int:
    """Export a trained run's model and check it against Keras."""
    from ..runner.errors import ExportFailed
    from ..runner.use import commands as use

    outcome = {}

    def action():
        try:
            outcome["check"] = use.export(run_dir, fmt, output, data, tolerance, click.echo)
        except ExportFailed as err:
            click.echo(error_line(run_dir, "LS633", f"cannot export to {fmt}: {err}"), err=True)
            outcome["failed"] = True

    status = guarded(run_dir, action)
    if status or outcome.get("failed"):
        return 1
    if outcome["check"].max_abs_diff > tolerance:
        click.echo(error_line(run_dir, "LS634", f"the {fmt} export differs from Keras by up "
                              f"to {outcome['check'].max_abs_diff:.3g}, more than --tolerance "
                              f"{tolerance:g}: do not ship it"), err=True)
        return 3
    return 0
