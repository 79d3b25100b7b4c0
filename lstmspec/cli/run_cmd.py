"""`lstmspec run FILE`: the one-command model build: lint, load the data, build, train
(resumable), evaluate, save the artifacts. Exit 0 done, 1 a problem in the config or data,
2 usage, 3 the model disagrees with the static table (a bug), 4 another run holds the run
directory, 5 no usable checkpoint, 6 the disk (full, read-only), 7 the loss diverged,
8 --require-beats not met (the run is kept), 130 SIGINT, 143 SIGTERM (docs/runner.md)."""

from __future__ import annotations

import signal
import sys

import click

from ..checking import missing_sections
from ..reporters import render
from .errors import report
from .gate import lint_gate
from .options import DEVICES, budget_options
from .set_option import set_option
from .use_options import REQUIRE_BEATS


@click.command()
@click.argument("path")
@click.option("--device", type=DEVICES, default="auto", show_default=True,
              help="auto: a GPU when TensorFlow sees one; cpu: hide the GPUs.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--resume", is_flag=True, help="Require an interrupted run of this config and "
              "continue it (the same command without --resume does too).")
@click.option("--overwrite", is_flag=True, help="Start from scratch, replacing the artifacts "
              "of a run in the output directory.")
@click.option("--output-dir", "-o", metavar="DIR", help="The run directory (instead of "
              "output.dir, or runs/<name>-<timestamp>).")
@click.option("--worker-index", type=click.IntRange(min=0), metavar="N", help="strategy "
              "multi_worker with a cluster section: this machine's place in "
              "train.distribute.cluster.workers (0 is the chief); or set LSTMSPEC_WORKER_INDEX.")
@REQUIRE_BEATS
@budget_options
@set_option
def run(path, device, quiet, resume, overwrite, output_dir, worker_index, require_beats,
        max_params, max_memory, overrides) -> int:
    """Train a config end to end and save the model, metrics, predictions and plots."""
    if resume and overwrite:
        click.echo("lstmspec: error: --resume and --overwrite contradict each other: choose one",
                   err=True)
        return 2
    result, status = lint_gate(path, overrides, max_params, max_memory)
    if result is None:
        return status
    missing = missing_sections(result)
    if missing:
        result.diagnostics = missing
        sys.stderr.write(render("concise", [result]))
        return 1
    from ..runner.errors import CommandError
    from ..runner.run import RunOptions
    from ..runner.run import run as run_config

    options = RunOptions(device=device, quiet=quiet, resume=resume, overwrite=overwrite,
                         output_dir=output_dir, worker_index=worker_index,
                         overrides=tuple(o.text for o in overrides),
                         require_beats=require_beats)
    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        run_config(result, options, echo=click.echo)
    except CommandError as err:  # its code and status: docs/runner.md, exit statuses
        return report(path, err)
    except KeyboardInterrupt as stop:
        name = "SIGTERM" if isinstance(stop, Terminated) else "SIGINT (Ctrl-C)"
        click.echo(f"lstmspec: stopped by {name}: the run directory keeps its last checkpoint, "
                   "and the same command resumes after it", err=True)
        return 143 if isinstance(stop, Terminated) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Python is when it arrives, as Ctrl-C raises KeyboardInterrupt."""


def terminated(signum, frame):
    raise Terminated()
