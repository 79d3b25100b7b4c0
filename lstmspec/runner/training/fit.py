"""Fitting with nothing lost: an atomic checkpoint after every epoch (rundir/checkpoint.py: the
weights, the optimizer, the counters, the history and the epoch together), history.json
rewritten from it, and a resume that continues exactly after the last checkpoint, each epoch
in the same sample order as an uninterrupted run (epoch_order.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import warnings

from ...source.atomic import finite
from ..distribute.multiworker import extra_callbacks
from ..errors import RunError
from ..rundir.directory import RunDir
from ..tf import import_keras
from . import epoch_order
from .input_pipeline import fit_inputs
from .resume import HISTORY, checkpointer


def read_history(run: RunDir, epochs: int) -> dict:
    """The history of the first `epochs` epochs, as history.json holds it (a run reloaded
    after training had finished)."""
    try:
        with open(run.file(HISTORY), encoding="utf-8") as handle:
            history = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(history, dict):
        return {}
    return {k: list(v)[:epochs] for k, v in history.items() if isinstance(v, list)}


def callbacks(model_spec, run: RunDir) -> list:
    cb = import_keras().callbacks
    train, output = model_spec.train, model_spec.output
    out = []
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


def train_inputs(placement, dataset, train, first_epoch: int) -> dict:
    """fit() arguments for the training part: with `shuffle`, one pipeline over the epochs
    left, each in its own order (epoch_order.py); without, the arrays in order. Streamed
    data (data.stream) comes in the stream's own order."""
    if dataset.stream is not None:  # data.stream: tf.data over the files
        return stream_inputs(dataset, placement, train.shuffle, train.seed)
    validation = (dataset.x["validation"], dataset.targets("validation")) \
        if dataset.size("validation") else None  # targets: a list with several outputs
    inputs = fit_inputs(placement, dataset.x["train"], dataset.targets("train"), False,
                        train.seed, validation)  # tf.data, sharded, under a strategy
    if train.shuffle:
        x, y, samples = dataset.x["train"], dataset.targets("train"), dataset.size("train")
        data = epoch_order.shuffled(x, y, placement.batch, train.seed, first_epoch,
                                    train.epochs, samples)
        inputs.update(x=epoch_order.sharded(data) if placement.strategy else data, y=None,
                      batch_size=None, shuffle=False,
                      steps_per_epoch=epoch_order.steps(samples, placement.batch))
        if isinstance(inputs["validation_data"], tuple):  # arrays: Keras would batch them by
            # 32 once batch_size is gone, which a stateful model's fixed batch cannot take
            inputs["validation_batch_size"] = placement.batch
    return inputs


def fit(model, dataset, model_spec, run: RunDir, placement, quiet: bool, snapshot,
        first_epoch: int, extra=(), checkpoints: bool = True):
    """Train from `snapshot` (None: from the start) up to train.epochs, the `extra` callbacks
    last; `first_epoch` is the epoch the snapshot ends (agreed by every worker of a
    multi-worker job); `checkpoints=False` for a search trial (an interrupted one is tried
    again from its start). Returns (history, fit seconds, this process's epoch seconds, the
    last checkpoint's meta with what early stopping did)."""
    train = model_spec.train
    others = callbacks(model_spec, run)
    saver = checkpointer(run, snapshot, train.epochs, others, run.first_checkpoint,
                         save=checkpoints)
    started = time.perf_counter()
    with warnings.catch_warnings():
        if dataset.stream is not None and placement.strategy is not None:
            # each worker's share of the files has no known length, so its epoch ends when
            # the files run out, as it should; Keras 3.15 warns of that at every epoch
            warnings.filterwarnings("ignore", "Your input ran out of data", UserWarning)
        model.fit(**train_inputs(placement, dataset, train, first_epoch), epochs=train.epochs,
                  verbose=verbosity(quiet), class_weight=class_weights(model_spec, dataset),
                  callbacks=others + [saver] + extra_callbacks(placement, print) + list(extra))
    seconds = time.perf_counter() - started
    return saver.history, seconds, saver.timings, dict(saver.meta,
                                                       early_stopping=early_stop(others))


def class_weights(model_spec, dataset) -> dict | None:
    """train.class_weight as keras.Model.fit takes it: {class id: weight} for every class.
    `balanced`: samples / (classes x the class's training samples); a mapping names classes
    by the data's names (`classes`) or ids as text, and a class it leaves out weighs 1."""
    wanted = model_spec.train.class_weight
    if wanted is None:
        return None
    import numpy as np

    from ..data.classes import class_ids

    loss = model_spec.compile.loss
    y = dataset.y["train"]
    labels = class_ids(y, loss, False)
    count = max(len(dataset.classes), int(labels.max()) + 1 if labels.size else 0,
                y.shape[-1] if y.ndim > 1 and y.shape[-1] > 1 else 2)
    if wanted == "balanced":
        seen = np.bincount(labels, minlength=count)
        return {k: float(len(labels) / (count * seen[k])) if seen[k] else 1.0
                for k in range(count)}
    names = {name: k for k, name in enumerate(dataset.classes)}
    out = dict.fromkeys(range(count), 1.0)
    for key, weight in wanted.items():
        out[names[key] if key in names else int(key)] = float(weight)
    return out


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
