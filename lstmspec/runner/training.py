"""Fitting with nothing lost: a checkpoint after every epoch (keras BackupAndRestore, two
copies), the history written after every epoch, and a resume that continues from the last
finished epoch."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import time

from .atomic import finite, write_json
from .errors import RunError
from .input_pipeline import fit_inputs
from .multiworker import extra_callbacks
from .rundir import BACKUP, RunDir
from .tf import import_keras

HISTORY = "history.json"
METADATA = "training_metadata.json"


def backup_epoch(run: RunDir) -> int:
    """Epochs finished according to the checkpoint; a damaged newest copy falls back to the
    previous one (what BackupAndRestore does for the weights, done here for the metadata)."""
    folder = run.file(BACKUP)
    for suffix in ("", ".bkp"):
        try:
            with open(os.path.join(folder, METADATA + suffix), encoding="utf-8") as handle:
                epoch = int(json.load(handle)["epoch"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if suffix:  # restore the previous pair, as Keras would for the weights
            weights = os.path.join(folder, "latest.weights.h5")
            if os.path.exists(weights + ".bkp"):
                shutil.copyfile(weights + ".bkp", weights)
            shutil.copyfile(os.path.join(folder, METADATA + suffix),
                            os.path.join(folder, METADATA))
        return epoch
    return 0


def read_history(run: RunDir, epochs: int) -> dict:
    """The history of the first `epochs` epochs, as written before the interruption."""
    try:
        with open(run.file(HISTORY), encoding="utf-8") as handle:
            history = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(history, dict):
        return {}
    return {k: list(v)[:epochs] for k, v in history.items() if isinstance(v, list)}


def history_writer(path: str, history: dict, timings: list):
    """A callback that appends each epoch's logs to history.json (atomically), and the time of
    each epoch to `timings`: from its start to the next one's, so that the work every callback
    does at the end of an epoch (the checkpoint) counts too."""
    base = import_keras().callbacks.Callback

    class HistoryWriter(base):
        started = None

        def lap(self):
            now = time.perf_counter()
            if self.started is not None:
                timings.append(now - self.started)
            self.started = now

        def on_epoch_begin(self, epoch, logs=None):
            self.lap()

        def on_train_end(self, logs=None):
            self.lap()

        def on_epoch_end(self, epoch, logs=None):
            logs = dict(logs or {})
            # the rate this epoch trained with (ReduceLROnPlateau logs it only after this runs)
            logs.setdefault("learning_rate", import_keras().ops.convert_to_numpy(
                self.model.optimizer.learning_rate))
            history.setdefault("epoch", []).append(epoch + 1)
            for key, value in logs.items():
                history.setdefault(key, []).append(finite(value))
            write_json(path, history)

    return HistoryWriter()


def callbacks(model_spec, run: RunDir, history: dict, timings: list) -> list:
    cb = import_keras().callbacks
    train, output = model_spec.train, model_spec.output
    out = [history_writer(run.file(HISTORY), history, timings),
           cb.BackupAndRestore(run.file(BACKUP), save_freq="epoch", double_checkpoint=True,
                               delete_checkpoint=False)]
    if train.early_stopping:
        out.append(cb.EarlyStopping(**train.early_stopping.model_dump()))
    if train.reduce_lr:
        out.append(cb.ReduceLROnPlateau(**train.reduce_lr.model_dump()))
    if output.tensorboard:
        if importlib.util.find_spec("tensorboard") is None:
            raise RunError("output.tensorboard needs the tensorboard package, which is not "
                           "installed: pip install tensorboard (or set tensorboard: false)")
        out.append(cb.TensorBoard(log_dir=run.file("tensorboard")))
    return out


def verbosity(quiet: bool) -> int:
    """Keras's progress bar on a terminal; one line per epoch in a log or a pipe."""
    if quiet:
        return 0
    return 1 if sys.stdout.isatty() else 2


def stream_inputs(dataset, placement, shuffle: bool, seed: int) -> dict:
    """keras.Model.fit arguments for streamed data: under a strategy, every input pipeline
    (worker) reads its own share of the files."""
    stream = dataset.stream

    def made(part: str, mix: bool):
        if placement.strategy is None:
            return stream.dataset(part, placement.batch, mix, seed)
        return placement.strategy.distribute_datasets_from_function(
            lambda ctx: stream.dataset(part, ctx.get_per_replica_batch_size(placement.batch),
                                       mix, seed, ctx.num_input_pipelines,
                                       ctx.input_pipeline_id))

    return {"x": made("train", shuffle), "y": None, "batch_size": None, "shuffle": False,
            "validation_data": made("validation", False) if dataset.size("validation")
            else None}


def fit(model, dataset, model_spec, run: RunDir, placement, quiet: bool, done: int,
        extra=(), checkpoints: bool = True):
    """Train, resuming after epoch `done` from the checkpoint if it is not 0, with the batch
    size and strategy of `placement` and the `extra` callbacks last; returns (history, fit
    seconds, per-epoch seconds of this process, what early stopping did)."""
    train = model_spec.train
    history = read_history(run, done) if done else {}
    timings: list = []
    if dataset.stream is not None:  # data.stream: tf.data over the files
        inputs = stream_inputs(dataset, placement, train.shuffle, train.seed)
    else:
        validation = (dataset.x["validation"], dataset.y["validation"]) \
            if dataset.size("validation") else None
        inputs = fit_inputs(placement, dataset.x["train"], dataset.y["train"], train.shuffle,
                            train.seed, validation)  # tf.data, sharded, under a strategy
    started = time.perf_counter()
    own = callbacks(model_spec, run, history, timings)
    if not checkpoints:  # a search trial: an interrupted one is tried again from its start
        own = [c for c in own if not isinstance(c, import_keras().callbacks.BackupAndRestore)]
    model.fit(**inputs, epochs=train.epochs, verbose=verbosity(quiet),
              callbacks=own + extra_callbacks(placement, print) + list(extra))
    return history, time.perf_counter() - started, timings, early_stop(own)


def early_stop(own: list) -> dict:
    """What early stopping did, epochs counted from 1: `stopped_after_epoch` when it ended
    training, `restored_epoch` whose weights it put back (Keras restores the best epoch's
    weights at the end of training whenever restore_best_weights is on)."""
    stopper = next((c for c in own if isinstance(c, import_keras().callbacks.EarlyStopping)), None)
    if stopper is None:
        return {}
    out = {"monitor": stopper.monitor}
    if stopper.stopped_epoch > 0:
        out["stopped_after_epoch"] = stopper.stopped_epoch + 1
    if stopper.restore_best_weights and stopper.best_weights is not None:
        out["restored_epoch"] = stopper.best_epoch + 1
        out["best"] = finite(stopper.best)
    return out
