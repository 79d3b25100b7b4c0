"""`lstmspec run FILE`: the one-command model build: lint, load the data, build, train
(resumable), evaluate, save the artifacts. Exit 0 done, 1 a problem in the config or data,
2 usage, 3 the model disagrees with the static table (a bug)."""

from __future__ import annotations

import sys

import click

from ..reporters import render

from .build_cmd import DEVICES, lint_gate
from .set_option import set_option


def missing_sections(result) -> list:
    """LS401 for each runner section that `run` needs and the config lacks, at the file's
    start (lint accepts such a config: a bare stack is valid, it just cannot be trained)."""
    from ..diagnostics import FILE_START, Finding
    from ..lint import to_diagnostic

    example = {"compile": "compile: {optimizer: adam, loss: mse}",
               "data": "data: {kind: csv, path: ..., features: [...], targets: [...]} (or kind: "
               "synthetic for a smoke run)"}
    return [to_diagnostic(result.source, Finding(
        "LS401", f"`run` needs a `{name}:` section, which this config does not have: add "
        f"{example[name]}", span=FILE_START, fix=f"add {example[name]}"))
        for name in ("compile", "data") if getattr(result.model, name) is None]


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
@set_option
def run(path, device, quiet, resume, overwrite, output_dir, worker_index, overrides) -> int:
    """Train a config end to end and save the model, metrics, predictions and plots."""
    if resume and overwrite:
        click.echo("lstmspec: error: --resume and --overwrite contradict each other: choose one",
                   err=True)
        return 2
    result, status = lint_gate(path, overrides)
    if result is None:
        return status
    missing = missing_sections(result)
    if missing:
        result.diagnostics = missing
        sys.stderr.write(render("concise", [result]))
        return 1
    from ..runner.errors import CrossCheckError, RunError, RunnerUnavailable
    from ..runner.run import RunOptions
    from ..runner.run import run as run_config

    options = RunOptions(device=device, quiet=quiet, resume=resume, overwrite=overwrite,
                         output_dir=output_dir, worker_index=worker_index,
                         overrides=tuple(o.text for o in overrides))
    try:
        run_config(result, options, echo=click.echo)
    except CrossCheckError as err:
        click.echo(f"lstmspec: error: {err}", err=True)
        return 3
    except (RunError, RunnerUnavailable) as err:
        click.echo(f"lstmspec: error: {err}", err=True)
        return 1
    return 0
