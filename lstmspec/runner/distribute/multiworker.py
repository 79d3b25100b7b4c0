"""Keeping the workers of a tf.distribute job in step: this process's role around a whole
run, the chief's state broadcast on (re)start, the chief's word on whether training had
finished, and a clear message when a worker is lost. See strategy.py for why a multi-worker
job is done so."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile

from ..errors import DistributeError, WorkerDone
from ..tf import import_keras
from .cluster import plan
from .strategy import first_line

# What a worker's collective ops raise when another worker of the job is gone (measured:
# UnavailableError within 3-20 s, from TensorFlow's heartbeats or a refused connection).
LOST_WORKER = ("UnavailableError", "DeadlineExceededError", "AbortedError", "CancelledError")


@contextlib.contextmanager
def worker_setup(model, options, echo=print):
    """Around a whole run: this process's role (a bad setting stops here, before TensorFlow
    is imported); a worker that is not the chief runs in a temporary directory, removed at
    the end. Yields (the options to run with, the role)."""
    from ...spec.sections.distribute import DistributeSpec

    spec = model.train.distribute if model.train is not None else DistributeSpec()
    saved = os.environ.get("TF_CONFIG")
    role = plan(spec, options.worker_index)  # writes TF_CONFIG for a cluster section
    scratch = None
    if not role.chief:
        scratch = tempfile.mkdtemp(prefix=f"lstmspec-{role.task}{role.index}-")
        options = dataclasses.replace(options, output_dir=scratch, resume=False,
                                      overwrite=False)
        echo(f"{role.task.capitalize()} {role.index}: not the chief, so its files go to a "
             "temporary directory, removed at the end")
    try:
        yield options, role
    except WorkerDone as done:
        echo(f"{role.task.capitalize()} {role.index}: {done}")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        if saved is None:
            os.environ.pop("TF_CONFIG", None)
        else:
            os.environ["TF_CONFIG"] = saved


def extra_callbacks(placement, echo=None) -> list:
    """Callbacks a strategy adds after the runner's own (after the checkpointer)."""
    if not placement.multi_worker:
        return []
    return [chief_sync(placement.strategy, placement.role.chief, echo)]


def chief_has_trained(placement, trained: bool) -> bool:
    """Whether the chief's run had finished training (agreed by every worker; for the others
    `trained` is ignored). Outside multi_worker: `trained` itself."""
    if not placement.multi_worker:
        return trained
    return chief_flag(placement.strategy, placement.role.chief, trained)


def agreed_epoch(placement, epoch: int) -> int:
    """The epoch the chief's checkpoint ends (every worker must call this): the others have
    no checkpoint, and their input pipeline must start at the same epoch as the chief's."""
    if not placement.multi_worker:
        return epoch
    return int(broadcast(placement.strategy, placement.role.chief, float(epoch)).numpy())


def finished_before(placement, run_dir, model_file: str) -> bool:
    """Whether the run had finished training before an interruption (its model.keras is
    there). In a multi-worker job every worker takes the chief's answer; a worker with
    nothing left to do raises WorkerDone."""
    trained = run_dir.status == "trained" and os.path.exists(model_file)
    agreed = chief_has_trained(placement, trained)
    if agreed and not trained:
        raise WorkerDone("the chief had finished training before the restart: this worker "
                         "has nothing to do")
    return agreed


@contextlib.contextmanager
def guard(placement):
    """Turn the error a worker gets when another worker dies into one clear message."""
    try:
        yield
    except Exception as err:
        if not placement.multi_worker or not lost_worker(err):
            raise
        raise DistributeError(
            f"lost contact with another worker of the job ({type(err).__name__}: "
            f"{first_line(err)[:160]}): start every worker again with the same command; "
            "training resumes after the last finished epoch") from None


def broadcast(strategy, chief: bool, value):
    """The chief's `value` on every worker: a sum over replicas in which only the chief's
    first replica contributes (tf.distribute has no broadcast of its own). float64 carries
    float32 weights and integer counters exactly."""
    import tensorflow as tf

    value = tf.cast(tf.convert_to_tensor(value), tf.float64)
    zeros = tf.zeros_like(value)

    def contribution(context):
        first = context.replica_id_in_sync_group == 0
        return value if chief and first else zeros

    per_replica = strategy.experimental_distribute_values_from_function(contribution)
    return strategy.reduce("SUM", per_replica, axis=None)


def chief_flag(strategy, chief: bool, flag: bool) -> bool:
    """The chief's `flag`, agreed by every worker (all of them must call this)."""
    reached = float(broadcast(strategy, chief, 1.0).numpy())
    if reached != 1.0:  # replica 0 is not on the chief: the broadcast cannot work
        raise DistributeError(f"the workers do not agree on which of them is the chief (a "
                              f"broadcast from it reached {reached:g} replicas, not 1): give "
                              "every worker the same cluster and exactly one chief")
    return bool(broadcast(strategy, chief, 1.0 if flag else 0.0).numpy())


def chief_sync(strategy, chief: bool, echo=None):
    """A callback that, when training begins (after the chief has restored its checkpoint,
    training/resume.py), gives every worker the chief's weights, optimizer state and epoch: a restarted
    job resumes as one, and the other workers need no checkpoint of their own."""
    base = import_keras().callbacks.Callback

    class ChiefSync(base):
        def on_train_begin(self, logs=None):
            model = self.model
            epoch = int(broadcast(strategy, chief, model._initial_epoch or 0).numpy())
            variables = list(model.variables)
            if model.optimizer is not None:
                variables += [v for v in model.optimizer.variables
                              if all(v is not w for w in variables)]
            for variable in variables:
                value = broadcast(strategy, chief, variable.value)
                variable.assign(import_keras().ops.cast(value, variable.dtype))
            model._initial_epoch = epoch  # Keras's fit starts from it after on_train_begin
            if echo is not None and epoch and not chief:
                echo(f"Resuming after epoch {epoch} (the chief's checkpoint)")

    return ChiefSync()


def lost_worker(err: BaseException) -> bool:
    """Whether an exception from fit means another worker is gone."""
    return type(err).__name__ in LOST_WORKER
