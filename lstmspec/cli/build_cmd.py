"""`lstmspec build FILE`: lint, build the Keras model, cross-check it against the static table,
print Keras's summary, and save it with --output. Exit 0 built, 1 config errors, 2 usage,
3 the model disagrees with the static table (a bug)."""

from __future__ import annotations

import click

from .errors import error_line
from .gate import lint_gate


@click.command()
@click.argument("path")
@click.option("--output", "-o", "output", metavar="MODEL.keras",
              help="Save the built (untrained) model to this .keras file, atomically.")
@click.option("--device", type=click.Choice(["auto", "cpu"]), default="auto",
              show_default=True, help="cpu hides the GPUs from TensorFlow.")
def build(path, output, device) -> int:
    """Build the Keras model of a config and check it against the static table."""
    if output and not output.endswith(".keras"):
        click.echo("lstmspec: error: --output must name a .keras file (Keras's format), e.g. "
                   "model.keras", err=True)
        return 2
    result, status = lint_gate(path)
    if result is None:
        return status
    from ..runner.build.crosscheck import compare
    from ..runner.build.model import build_model
    from ..runner.errors import RunnerUnavailable
    from ..runner.tf import select_device

    select_device(device)
    try:
        model = build_model(result.model, [info.spec for info in result.inference.layers])
    except RunnerUnavailable as err:
        click.echo(error_line(path, "LS419", str(err)), err=True)
        return 1
    model.summary(print_fn=lambda line, **_: click.echo(line))
    problems = compare(model, result.inference)
    if problems:
        click.echo(error_line(path, "LS423", disagreement(problems)), err=True)
        return 3
    click.echo(f"Cross-check: the {len(result.inference.layers)} layers' output shapes and "
               "parameter counts agree with the static table.")
    return save(model, output, path) if output else 0


def disagreement(problems) -> str:
    """Every disagreement of the built model with the static table, in one line."""
    return ("the built model disagrees with the static table (a bug in lstmspec or a Keras "
            "change; please report it): " + "; ".join(p.message() for p in problems))


def save(model, output: str, path: str) -> int:
    from ..source.atomic import save_model

    try:
        save_model(model, output)
    except OSError as err:
        click.echo(error_line(path, "LS418", f"cannot write {output}: {err.strerror or err}"),
                   err=True)
        return 1
    click.echo(f"Saved {output} (load it with keras.saving.load_model(path, safe_mode=True)).")
    return 0
