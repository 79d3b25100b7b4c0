"""What predict, forecast, evaluate and export share: the exceptions they turn into one
`lstmspec: error:` line and exit status 1."""

from __future__ import annotations

import click


def guarded(action) -> int:
    """Run `action()`; a known problem becomes one line on stderr and exit status 1."""
    from ..runner.errors import (DataError, ModelUnavailable, PreparationMissing,
                                 RunnerUnavailable)

    known = (DataError, PreparationMissing, ModelUnavailable, RunnerUnavailable)
    try:
        action()
    except known as err:
        click.echo(f"lstmspec: error: {err}", err=True)
        return 1
    except OSError as err:
        click.echo(f"lstmspec: error: {err.filename or ''}: {err.strerror or err}", err=True)
        return 1
    return 0


RUNTIME = click.option("--runtime", type=click.Choice(["auto", "keras", "onnx"]),
                       default="auto", show_default=True,
                       help="auto: onnxruntime when the run holds a verified ONNX export "
                       "(model.onnx, made by `lstmspec export --format onnx`), else Keras.")
DATA = click.option("--data", metavar="FILE", help="A data file in the run's layout (default: "
                    "the run's own training data).")
