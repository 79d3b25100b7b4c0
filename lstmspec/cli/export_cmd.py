"""`lstmspec export RUN_DIR --format savedmodel|onnx|tflite -o PATH`: a deployable model,
run in its own runtime on real windows and compared with Keras. Exit 0; 1 cannot export (why,
and what to change); 2 usage; 3 the export's outputs differ from Keras beyond the tolerance."""

from __future__ import annotations

import click

from ..spec.sections.output import EXPORT_FORMATS
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
    from ..runner.use import commands as use

    return guarded(run_dir, lambda: use.export(run_dir, fmt, output, data, tolerance,
                                               click.echo))
