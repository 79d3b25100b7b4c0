"""`lstmspec run`: lint -> load data -> build -> train (resumable) -> evaluate -> artifacts.

The data is loaded before TensorFlow is imported, so a data error costs a fraction of a second.
Every problem the user can fix is a RunError (one line); lint findings are printed as
diagnostics. Progress goes to `echo`; Keras prints its own progress bar.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field

from ..lint import LintResult
from . import artifacts
from .rundir import directory as rundir
from ..source.atomic import save_model
from .distribute.cluster import Role
from .rundir.checkpoint import FOLDER, resume_point
from .build.checked import build_checked
from .data import load
from .errors import (
    CommandError, DataError, ExportFailed, NoCheckpoint, RunDirError, RunError, disk_error,
)
from .build.model import compile_model, set_precision
from .distribute.keras_patch import mend_model
from .distribute.multiworker import agreed_epoch, finished_before, guard, worker_setup
from .resolve import batch_size, config_key, resolved_config, run_name
from .rundir.directory import BACKUP
from .distribute.strategy import Placement, scope, start
from .training.resume import check_fits, restore_variables
from .tf import device_description, import_keras, select_device
from .series import intervals
from .series.quality import baseline_available, require, series_units
from .series.verdict import score_lines, verdict
from .use.class_scores import class_scores
from .use.class_scores import describe as describe_classes
from .training.fit import fit, read_history


@dataclass
class RunOptions:
    device: str = "auto"  # auto | cpu | gpu
    quiet: bool = False
    resume: bool = False
    overwrite: bool = False
    output_dir: str | None = None  # from the command line: relative to the current directory
    runs_root: str = "runs"
    worker_index: int | None = None  # multi_worker with a cluster section: this worker's place
    overrides: tuple = ()  # the --set PATH=VALUE texts, noted in the run's config.yaml
    callbacks: tuple = ()  # factories of extra Keras callbacks (tune: the pruning callback)
    trial: bool = False  # a search trial (tune): no per-epoch checkpoint, no test evaluation
    require_beats: str | None = None  # naive | seasonal_naive: status 8 when not beaten


@dataclass
class Trained:
    model: object  # the keras.Model
    history: dict
    fit_seconds: float = 0.0
    epochs_run: int = 0  # by this process (a resumed run did the others before)
    epoch_seconds: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # totals(): every process's epochs


@dataclass
class RunOutcome:
    run_dir: str
    metrics: dict
    files: list = field(default_factory=list)
    epochs_run: int = 0
    fit_seconds: float = 0.0


def with_defaults(model):
    """The model spec with `train:` and `output:` filled in when the config leaves them out."""
    from ..spec.sections.output import OutputSpec
    from ..spec.sections.train import TrainSpec

    return model.model_copy(update={"train": model.train or TrainSpec(),
                                    "output": model.output or OutputSpec()})


def choose_dir(model, path: str, options: RunOptions, key: str) -> rundir.RunDir:
    explicit = options.output_dir
    if explicit is None and model.output.dir is not None:
        explicit = model.output.dir if os.path.isabs(model.output.dir) else \
            os.path.join(os.path.dirname(path), model.output.dir)
    try:
        return rundir.prepare(explicit, options.runs_root, run_name(model, path), key,
                              options.resume, options.overwrite)
    except RunDirError as err:
        raise RunError(str(err)) from None


def start_tensorflow(model, options: RunOptions, role: Role, echo) -> tuple[str, Placement]:
    """Import TensorFlow on the device asked for and place the run (the strategy, before
    TensorFlow runs anything); returns (the device in words, the placement)."""
    select_device(options.device)
    k = import_keras()
    placement = start(role, model.train.distribute, batch_size(model))
    device = device_description()
    if options.device == "gpu" and not device.startswith("GPU"):
        raise RunError("--device gpu: TensorFlow sees no GPU on this machine (install the "
                       "GPU build, lstmspec[tf], and the NVIDIA driver), or use --device auto")
    k.utils.set_random_seed(model.train.seed)
    if model.train.deterministic:
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    set_precision(model.train.mixed_precision)
    echo(f"Device: {device}")
    echo(placement.describe())
    return device, placement


def run(result: LintResult, options: RunOptions, echo=print) -> RunOutcome | None:
    """Train the config that `result` holds (lint already passed without errors); in a
    multi-worker job every worker runs this (see multiworker.worker_setup). What stops it is
    a RunError (or RunnerUnavailable): a DataError is reported as the run's own LS418. A worker
    that has nothing left to do (WorkerDone, said by worker_setup) returns None."""
    outcome = None
    with worker_setup(result.model, options, echo) as (here, role):
        try:
            outcome = run_here(result, here, role, echo)
        except DataError as err:  # the data as the run reads it
            raise RunError(str(err)) from None
        except OSError as err:  # writing the run: a full or read-only disk, no permission
            raise disk_error(err) from None
    if outcome is not None and options.require_beats and not options.trial:
        require(outcome.metrics.get("original_units") or {}, options.require_beats)
    return outcome


def run_here(result: LintResult, options: RunOptions, role: Role, echo=print) -> RunOutcome:
    path = result.source.path
    model, infos = with_defaults(result.model), result.inference.layers
    specs = [info.spec for info in infos]
    shapes = result.inference.output
    outputs = dict(zip(model.outputs, shapes)) if len(shapes) > 1 else None  # lint: LS132
    dataset = load(model, specs, path, shapes[0], outputs)
    baseline_available(dataset, options.require_beats)
    resolved = resolved_config(model, infos, path, options.output_dir or ".")
    run_dir = choose_dir(model, path, options, config_key(resolved))
    try:
        return train_in(run_dir, model, result, dataset, resolved, options, role, echo)
    except BaseException as err:
        if run_dir.give_back():  # --overwrite failed before its first checkpoint
            echo(f"The previous run in {run_dir.path} was put back")
        elif isinstance(err, (CommandError, OSError)):
            run_dir.failed(err)
        raise
    finally:
        run_dir.release()


def train_in(run_dir, model, result, dataset, resolved, options, role, echo) -> RunOutcome:
    """Everything after the run directory is chosen (and locked)."""
    path = result.source.path
    for note in run_dir.notes:
        echo(note)
    echo(f"Data: {model.data.kind} -> {dataset.describe()}")
    for note in dataset.notes:
        echo(f"Note: {note}")
    echo(("Resuming" if run_dir.resumed else "Run directory:") + f" {run_dir.path}")
    snapshot = None
    if run_dir.resumed and run_dir.status != "trained":
        snapshot = resume_point(run_dir.path, int(run_dir.state.get("checkpoint_epoch") or 0),
                                model.train.epochs, echo)
    if run_dir.resumed:  # after the checks that may refuse it, which change nothing
        run_dir.resume()
    resolved["output"]["dir"] = os.path.abspath(run_dir.path)
    run_dir.writing = True
    artifacts.write_config(run_dir, resolved, path, options.overrides)
    artifacts.write_preparation(run_dir, dataset.preparation)
    device, placement = start_tensorflow(model, options, role, echo)
    trained = train_or_reload(model, result, dataset, run_dir, placement, options, snapshot,
                              echo)
    if options.trial:  # the study scores it by its history; the test part stays unseen
        run_dir.save_state(status="complete", device=device, epochs_run=trained.epochs_run,
                           fit_seconds=round(trained.fit_seconds, 3))
        return RunOutcome(run_dir.path, {}, ["model.keras", "config.yaml", "history.json"],
                          trained.epochs_run, trained.fit_seconds)
    return finish(model, dataset, run_dir, placement.batch, trained, device, echo)


def train_or_reload(model, result, dataset, run_dir, placement: Placement, options,
                    snapshot, echo) -> Trained:
    if finished_before(placement, run_dir, run_dir.file("model.keras")):
        # The chief finishes alone, outside any strategy. Only the weights are read back,
        # into the model built from the spec: a model.keras planted in the run directory can
        # never make Keras deserialize code (SECURITY.md).
        echo("Training had finished before the interruption: reloading the weights of "
             "model.keras")
        keras_model = build_checked(model, result)
        compile_model(keras_model, model.compile, model.train.jit_compile)
        keras_model.load_weights(run_dir.file("model.keras"))
        history = read_history(run_dir, 10**9)
        return Trained(keras_model, history, meta=run_dir.state.get("training") or {})
    distributed = placement.strategy is not None
    with scope(placement):  # the strategy's, when train.distribute sets one
        keras_model = build_checked(model, result, fresh_names=not distributed)
        compile_model(keras_model, model.compile, model.train.jit_compile)
    if distributed:
        mend_model(keras_model)  # keras-team/keras#20585, see distribute/keras_patch.py
    restore_checked(keras_model, snapshot, run_dir, placement)
    first = agreed_epoch(placement, snapshot.epoch if snapshot else 0)
    with guard(placement):  # a lost worker of a multi-worker job: one clear message
        history, seconds, timings, meta = fit(keras_model, dataset, model, run_dir,
                                              placement, options.quiet, snapshot, first,
                                              [make() for make in options.callbacks],
                                              checkpoints=not options.trial)
    if distributed and dataset.stream is not None:  # each worker's own share of the files
        echo(dataset.stream.read_note())
    save_model(keras_model, run_dir.file("model.keras"))
    run_dir.record("model.keras")
    run_dir.save_state(status="trained", training=totals(meta),
                       early_stopping=meta.get("early_stopping") or None)
    return Trained(keras_model, history, seconds, len(timings), timings, meta=totals(meta))


def restore_checked(keras_model, snapshot, run_dir, placement: Placement) -> None:
    """Put the checkpoint's state into the model (after checking that it fits). The optimizer
    is built here on every worker, in the strategy's scope (its variables are made in step
    across a multi-worker job), whether or not there is a checkpoint."""
    strategy = placement.strategy
    with strategy.scope() if strategy is not None else contextlib.nullcontext():
        fits = check_fits(keras_model)
        if snapshot is None:
            return
        try:
            fits(snapshot)
        except Exception as err:  # checkpoint.Damaged: arrays of another model
            raise NoCheckpoint(f"{run_dir.path}: the checkpoint of epoch {snapshot.epoch} "
                               f"cannot be used: {err}: use --overwrite to train again from "
                               "the start, or choose another output dir") from None
        restore_variables(keras_model, snapshot)


def totals(meta: dict) -> dict:
    """What run.json says about training, across every process that trained this run."""
    seconds = list(meta.get("epoch_seconds", []))
    return {"epochs": len(seconds), "epoch_seconds": seconds,
            "processes": meta.get("processes", [])}


def finish(model, dataset, run_dir, batch, trained: Trained, device: str,
           echo) -> RunOutcome:
    classes = None
    if dataset.stream is not None:  # data.stream: scored shard by shard
        part, scores, extra = artifacts.evaluate_stream(trained.model, dataset, batch, run_dir)
        predicted, written = None, "predictions.csv"
    else:
        part, scores, predicted = artifacts.evaluate(trained.model, dataset, batch)
        extra = series_units(dataset, part, predicted) if dataset.series else {}
        conformal = artifacts.write_conformal(run_dir, dataset, trained.model, batch) \
            if dataset.series and part == "test" else None
        if conformal is not None:
            extra["interval"] = intervals.coverage(dataset.forecasts(part, predicted),
                                                   conformal.at(intervals.REPORTED_LEVEL))
        classes = None if dataset.series else class_scores(
            predicted, dataset.y[part], model.compile.loss, dataset.classes)
        written = artifacts.write_predictions(run_dir, dataset, part, predicted,
                                              model.output.predictions)
    metrics = artifacts.write_metrics(run_dir, part, scores, extra, dataset.size(part),
                                      classes)
    files = ["model.keras", "config.yaml", "preparation.json", "history.json", "metrics.json",
             written] + ([intervals.FILE] if extra.get("interval") else [])
    if model.output.plots:
        files += artifacts.write_plots(run_dir, trained.history, dataset, part, predicted,
                                       model.name or os.path.basename(run_dir.path), classes)
    if model.output.tensorboard:
        files.append("tensorboard/")
    files += exports(model, trained.model, run_dir, dataset.x[part] if dataset.stream is None
                     else dataset.stream.sample(part), echo)
    speed = trained.epochs_run * dataset.size("train") / trained.fit_seconds \
        if trained.fit_seconds else None
    every = trained.meta.get("epoch_seconds") or [round(t, 4) for t in trained.epoch_seconds]
    overall = len(every) * dataset.size("train") / sum(every) if sum(every) else None
    run_dir.state.pop("training", None)
    run_dir.save_state(status="complete", device=device, epochs_run=len(every),
                       fit_seconds=round(sum(every), 3), samples_per_second=overall,
                       epoch_seconds=every, processes=trained.meta.get("processes", []),
                       finished=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    for folder in (FOLDER, BACKUP):  # nothing left to resume
        shutil.rmtree(run_dir.file(folder), ignore_errors=True)
    outcome = RunOutcome(run_dir.path, metrics, files, trained.epochs_run, trained.fit_seconds)
    report_stop(run_dir.state.get("early_stopping"), echo)
    report(outcome, part, speed, device, echo)
    return outcome


def exports(model, keras_model, run_dir, x, echo) -> list:
    """output.export, before the run is marked complete (a failure is retried by running the
    same command again, which reloads the trained weights)."""
    if not model.output.export:
        return []
    from .use.exporting import export_run

    try:
        return export_run(keras_model, model, run_dir.path, x, echo)
    except ExportFailed as err:
        raise RunError(f"output.export: {err}") from None


def report_stop(stopped: dict | None, echo) -> None:
    if not stopped or "restored_epoch" not in stopped:
        return
    ended = f"stopped after epoch {stopped['stopped_after_epoch']}; " \
        if "stopped_after_epoch" in stopped else ""
    best = f" ({stopped['monitor']} {stopped['best']:.4g})" if stopped.get("best") is not None \
        else ""
    echo(f"Early stopping: {ended}the model keeps the weights of epoch "
         f"{stopped['restored_epoch']}, the best{best}")


def report(outcome: RunOutcome, part: str, speed, device: str, echo) -> None:
    metrics = outcome.metrics
    shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items()
                      if isinstance(v, float) and k != "samples")
    echo(f"{part.capitalize()} ({metrics['samples']} samples): {shown}")
    if metrics.get("classification"):
        for line in describe_classes(metrics["classification"]):
            echo(line)
    units = metrics.get("original_units")
    if units:
        for line in score_lines(units):
            echo(line)
        echo(verdict(units))
        if units.get("negative_note"):
            echo(units["negative_note"])
    if outcome.epochs_run:
        echo(f"Trained {outcome.epochs_run} epoch(s) in {outcome.fit_seconds:.1f} s "
             f"({speed:,.0f} samples/s) on {device}")
    echo(f"Artifacts in {outcome.run_dir}{os.sep}: {'  '.join(outcome.files)}")
