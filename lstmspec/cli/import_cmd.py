"""`lstmspec import MODEL`: write an lstmspec config for an existing Keras model (no TensorFlow)."""

from __future__ import annotations

import os
import sys

import click


@click.command(name="import")
@click.argument("model", type=click.Path(dir_okay=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the config to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
def import_(model, output, force) -> int:
    """Turn a Keras model (a .keras file, or the text of model.to_json()) into a config.

    Only the model's JSON config is read: no weights, no Keras, no TensorFlow.
    """
    from ..importer.convert import ImportProblem, import_model
    from .errors import report

    if output and os.path.exists(output) and not force:
        click.echo(f"lstmspec: error: {output} exists: pass --force to overwrite it", err=True)
        return 2
    try:
        imported = import_model(model)
    except OSError as err:
        click.echo(f"lstmspec: error: {model}: cannot read: {err.strerror or err}", err=True)
        return 2
    except ImportProblem as err:
        return report(model, err)
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(imported.text)
        click.echo(f"lstmspec: wrote {output}", err=True)
    else:
        sys.stdout.write(imported.text)
    for diag in imported.diagnostics:
        click.echo(f"lstmspec: note: {diag.code} {diag.message}", err=True)
    return 0
