"""Training that continues exactly where it stopped: the state of a model, its optimizer and
the callbacks that count epochs, captured into a checkpoint.Snapshot after every epoch and put
back before training resumes; the callback that writes the checkpoint (and stops a run whose
loss is no longer a number)."""

from __future__ import annotations

import math
import os
import socket
import time

import numpy as np

from ...source.atomic import finite, write_json
from ..errors import Diverged
from ..rundir import checkpoint
from ..rundir.checkpoint import Damaged, Snapshot
from ..tf import import_keras

HISTORY = "history.json"
WATCHED = {"EarlyStopping": ("wait", "stopped_epoch", "best", "best_epoch"),
           "ReduceLROnPlateau": ("wait", "cooldown_counter", "best")}


def optimizer_variables(model) -> list:
    optimizer = model.optimizer
    if not optimizer.built:  # a resumed run restores the moments before the first step
        optimizer.build(model.trainable_variables)
    return list(optimizer.variables)


def watched(callbacks) -> list:
    return [cb for cb in callbacks if type(cb).__name__ in WATCHED]


def capture(model, callbacks, epoch: int, meta: dict) -> Snapshot:
    """Every variable of the model (the dropout seed state too) and of the optimizer, and the
    counters and best weights of early stopping and learning-rate reduction."""
    arrays = {f"model/{i}": np.asarray(v.numpy()) for i, v in enumerate(model.variables)}
    arrays.update({f"optimizer/{i}": np.asarray(v.numpy())
                   for i, v in enumerate(optimizer_variables(model))})
    states = []
    for n, cb in enumerate(watched(callbacks)):
        state = {name: getattr(cb, name, None) for name in WATCHED[type(cb).__name__]}
        state["best"] = None if state["best"] is None else float(state["best"])
        best = getattr(cb, "best_weights", None)
        state["best_weights"] = best is not None
        arrays.update({f"best{n}/{i}": np.asarray(w) for i, w in enumerate(best or [])})
        states.append(state)
    return Snapshot(epoch, arrays, {**meta, "callbacks": states})


def check_fits(model):
    """A function that raises Damaged when a snapshot's arrays do not fit this model."""
    wanted = {"model": [(tuple(v.shape), str(v.dtype)) for v in model.variables],
              "optimizer": [(tuple(v.shape), str(v.dtype)) for v in optimizer_variables(model)]}

    def fits(snapshot: Snapshot) -> None:
        for group, shapes in wanted.items():
            got = [(tuple(a.shape), str(a.dtype)) for a in snapshot.group(group)]
            if got != shapes:
                raise Damaged(f"its {group} state ({len(got)} arrays) does not fit this model "
                              f"({len(shapes)} arrays)")

    return fits


def restore_variables(model, snapshot: Snapshot) -> None:
    for variable, value in zip(model.variables, snapshot.group("model")):
        variable.assign(value)
    for variable, value in zip(optimizer_variables(model), snapshot.group("optimizer")):
        variable.assign(value)


def restore_callbacks(callbacks, snapshot: Snapshot) -> None:
    """After the callbacks' own on_train_begin (which resets them)."""
    for n, (cb, state) in enumerate(zip(watched(callbacks),
                                        snapshot.meta.get("callbacks", []))):
        for name in WATCHED[type(cb).__name__]:
            setattr(cb, name, state.get(name))
        if state.get("best_weights"):
            cb.best_weights = snapshot.group(f"best{n}")


def process_entry(first_epoch: int) -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "epochs": [first_epoch + 1, None]}


def checkpointer(run, snapshot, epochs: int, others: list, after_checkpoint=None,
                 save: bool = True):
    """The last callback of fit (after `others`, whose counters it saves): restores the
    counters of a resumed run when training begins, and after every epoch writes the
    checkpoint, history.json and run.json (in that order); raises Diverged, before writing
    anything, when the epoch's loss is not finite. Its `timings` are this process's epoch
    times (from the epoch's start to its checkpoint). `save=False`: history.json only."""
    base = import_keras().callbacks.Callback
    done = snapshot.epoch if snapshot else 0
    meta = dict(snapshot.meta) if snapshot else {}
    history = {k: list(v) for k, v in meta.get("history", {}).items()}
    seconds = list(meta.get("epoch_seconds", []))
    processes = list(meta.get("processes", [])) + [process_entry(done)]

    class Checkpointer(base):
        def __init__(self):
            super().__init__()
            self.started, self.timings, self.history = 0.0, [], history
            self.meta = {"history": history, "stopped": bool(meta.get("stopped")),
                         "epoch_seconds": seconds, "processes": processes}

        def on_train_begin(self, logs=None):
            if snapshot is not None:
                restore_callbacks(others, snapshot)
                write_json(run.file(HISTORY), history)  # whatever became of history.json
                self.model._initial_epoch = epochs if meta.get("stopped") else done

        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            logs = dict(logs or {})
            for name in ("loss", "val_loss"):
                if name in logs and not math.isfinite(float(logs[name])):
                    raise diverged(name, float(logs[name]), epoch)
            logs.setdefault("learning_rate", import_keras().ops.convert_to_numpy(
                self.model.optimizer.learning_rate))
            history.setdefault("epoch", []).append(epoch + 1)
            for key, value in logs.items():
                history.setdefault(key, []).append(finite(value))
            took = time.perf_counter() - self.started
            self.timings.append(took)
            seconds.append(round(took, 4))
            processes[-1]["epochs"][1] = epoch + 1
            self.meta["stopped"] = bool(self.model.stop_training)
            if save:
                checkpoint.write(run.path, capture(self.model, others, epoch + 1, self.meta))
            write_json(run.file(HISTORY), history)
            if save:
                run.save_state(checkpoint_epoch=epoch + 1)
                if after_checkpoint is not None:
                    after_checkpoint()

    return Checkpointer()


def diverged(name: str, value: float, epoch: int) -> Diverged:
    kept = f"the checkpoint of epoch {epoch} is kept" if epoch else "no checkpoint was written"
    what = "validation loss" if name == "val_loss" else "loss"
    return Diverged(f"training diverged: the {what} became {value} in epoch {epoch + 1} "
                    f"({kept}): lower compile.optimizer.learning_rate, clip the gradients "
                    "(clipnorm), or check the scale of the data")
