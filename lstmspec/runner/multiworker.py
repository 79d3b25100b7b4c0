"""Keeping the workers of a multi-worker job in step: Keras fixes, the chief's state broadcast
on (re)start, and a clear message when a worker is lost.

Keras 3.15 fails twice under MultiWorkerMirroredStrategy (keras-team/keras#20585), both in
keras/src/backend/tensorflow/trainer.py:
- `_maybe_symbolic_build` reduces the first batch across replicas with `strategy.reduce` on a
  (x, y) tuple, which CollectiveAllReduceStrategy refuses ("Attempt to convert a value
  (PerReplica...) to a Tensor"); only the shapes matter there, so the local batch is used.
- `reduce_per_replica` means the logged metrics with `strategy.reduce("MEAN", v, axis=0)`,
  which fails on scalars ("Invalid reduction dimension 0 for input with 0 dimensions"); the
  mean across replicas (axis=None) is what is meant.
The first also fails under MirroredStrategy when a first batch does not split evenly (a test
part of 9 samples over 2 replicas: "Inputs to operation AddN ... must have the same size").
patch_keras() replaces both, once, in a process that trains under a strategy; the second
changes only multi-worker reductions. Tests train with the installed Keras under both
strategies, so a Keras that changes these functions is noticed.
"""

from __future__ import annotations

from .cluster import DistributeError
from .tf import keras

# What a worker's collective ops raise when another worker of the job is gone (measured:
# UnavailableError within 3-20 s, from TensorFlow's heartbeats or a refused connection).
LOST_WORKER = ("UnavailableError", "DeadlineExceededError", "AbortedError", "CancelledError")
_PATCHED = False


def patch_keras() -> None:
    global _PATCHED
    if _PATCHED:
        return
    keras()
    from keras.src.backend.tensorflow import trainer

    needed = ("reduce_per_replica", "_collective_all_reduce_multi_worker", "TensorFlowTrainer")
    if not all(hasattr(trainer, name) for name in needed) or not hasattr(
            trainer.TensorFlowTrainer, "_symbolic_build"):
        raise DistributeError(f"this Keras ({keras().__version__}) is not the one lstmspec's "
                              "train.distribute was made for (Keras 3.15): install the Keras "
                              "that `pip install 'lstmspec[tf]'` brings, or train without it")
    original_reduce = trainer.reduce_per_replica

    def reduce_per_replica(values, strategy, reduction):
        if reduction in ("auto", "mean") and \
                trainer._collective_all_reduce_multi_worker(strategy):
            import tensorflow as tf

            return tf.nest.map_structure(lambda v: strategy.reduce("MEAN", v, axis=None),
                                         values)
        return original_reduce(values, strategy, reduction)

    def maybe_symbolic_build(self, iterator=None, data_batch=None):
        if self._distribute_strategy is None:
            return
        if iterator is not None:
            for _, _, batches in iterator:
                data_batch = local_values(self.distribute_strategy, next(batches))
                break
        with self.distribute_strategy.scope():
            self._symbolic_build(data_batch=data_batch)

    trainer.reduce_per_replica = reduce_per_replica
    trainer.TensorFlowTrainer._maybe_symbolic_build = maybe_symbolic_build
    _PATCHED = True


def local_values(strategy, batch):
    """The first local replica's part of a distributed batch (plain tensors pass through)."""
    import tensorflow as tf

    def local(value):
        if isinstance(value, tf.distribute.DistributedValues):
            return strategy.experimental_local_results(value)[0]
        return value

    return tf.nest.map_structure(local, batch)


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
    """A callback that, when training begins (after BackupAndRestore has restored the chief's
    backup), gives every worker the chief's weights, optimizer state and epoch: a restarted
    job resumes as one, and the other workers need no backup of their own."""
    base = keras().callbacks.Callback

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
                variable.assign(keras().ops.cast(value, variable.dtype))
            model._initial_epoch = epoch  # Keras's fit starts from it after on_train_begin
            if echo is not None and epoch and not chief:
                echo(f"Resuming after epoch {epoch} (the chief's checkpoint)")

    return ChiefSync()


def lost_worker(err: BaseException) -> bool:
    """Whether an exception from fit means another worker is gone."""
    return type(err).__name__ in LOST_WORKER
