"""What predict, forecast, evaluate and export share: the exceptions they turn into one
coded line (cli/errors.report, at the run directory they were given) and exit status 1.
The codes, by class of problem (each class carries its own, runner/errors.py):
LS630 the data file; LS631 the run directory; LS632 what was asked (an output file, a
forecast the run cannot make, a file that cannot be read or written); LS419 TensorFlow
missing. (export adds LS633 refused, and LS634 differs from Keras with exit status 3.)"""

from __future__ import annotations

import click

from .errors import report


def guarded(run_dir: str, action) -> int:
    """Run `action()`; a known problem becomes one coded line on stderr and its exit status
    (runner/errors.py: each exception's class carries both)."""
    from ..runner.errors import CommandError

    try:
        action()
    except CommandError as err:
        return report(run_dir, err)
    return 0


RUNTIME = click.option("--runtime", type=click.Choice(["auto", "keras", "onnx"]),
                       default="auto", show_default=True,
                       help="auto: onnxruntime when the run holds a verified ONNX export "
                       "(model.onnx, made by `lstmspec export --format onnx`), else Keras.")
DATA = click.option("--data", metavar="FILE", help="A data file in the run's layout (default: "
                    "the run's own training data).")
REQUIRE_BEATS = click.option(
    "--require-beats", type=click.Choice(["naive", "seasonal_naive"]), metavar="BASELINE",
    help="naive or seasonal_naive: exit 8 when the model does not beat that baseline's MAE "
    "on every target and series (the results are kept).")
INTERVAL = click.option(
    "--interval", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    metavar="LEVEL", help="A series run: add <target>_lower and <target>_upper, a conformal "
    "interval at this level (0.9: 90%) from the validation part's errors, per horizon step "
    "(and series).")
