"""What predict, forecast, evaluate and export share: the exceptions they turn into one
coded line (command_errors.error_line, at the run directory they were given) and exit
status 1. The codes, by class of problem:
LS630 the data file; LS631 the run directory; LS632 what was asked (an output file, a
forecast the run cannot make, a file that cannot be written); LS419 TensorFlow missing.
(export adds LS633 refused and LS634 differs from Keras: export_cmd.py.)"""

from __future__ import annotations

import click

from .errors import error_line


def code_of(err: Exception) -> str:
    from ..runner.errors import RequestRefused, RunnerUnavailable, RunUnusable

    if isinstance(err, RunnerUnavailable):
        return "LS419"
    if isinstance(err, RunUnusable):
        return "LS631"
    if isinstance(err, (RequestRefused, OSError)):
        return "LS632"
    return "LS630"


def guarded(run_dir: str, action) -> int:
    """Run `action()`; a known problem becomes one coded line on stderr and exit status 1."""
    from ..runner.errors import DataError, RunnerUnavailable, RunUnusable

    try:
        action()
    except (DataError, RunUnusable, RunnerUnavailable) as err:
        click.echo(error_line(run_dir, code_of(err), str(err)), err=True)
        return 1
    except OSError as err:
        message = f"{err.filename or ''}: {err.strerror or err}"
        click.echo(error_line(run_dir, code_of(err), message), err=True)
        return 1
    return 0


RUNTIME = click.option("--runtime", type=click.Choice(["auto", "keras", "onnx"]),
                       default="auto", show_default=True,
                       help="auto: onnxruntime when the run holds a verified ONNX export "
                       "(model.onnx, made by `lstmspec export --format onnx`), else Keras.")
DATA = click.option("--data", metavar="FILE", help="A data file in the run's layout (default: "
                    "the run's own training data).")
