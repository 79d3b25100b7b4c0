"""The mend that lets Keras 3 train under tf.distribute's MultiWorkerMirroredStrategy, which
it does not support upstream (keras-team/keras#20585, open). Applied only in a process that
trains under a strategy, and only to the Keras it was verified on.

Keras 3.15 fails twice there, both in keras/src/backend/tensorflow/trainer.py:
- `TensorFlowTrainer._maybe_symbolic_build` reduces the first batch across replicas with
  `strategy.reduce` on an (x, y) tuple, which CollectiveAllReduceStrategy refuses ("Attempt
  to convert a value (PerReplica...) to a Tensor"); only the shapes matter there, so the
  local batch is used. It also fails under MirroredStrategy when a first batch does not split
  evenly (a test part of 9 samples over 2 replicas: "Inputs to operation AddN ... must have
  the same size"). Mended on lstmspec's own model objects only (mend_model): an instance
  attribute, so the class, and any model.keras saved, stay plain Keras.
- `reduce_per_replica` means the logged metrics with `strategy.reduce("MEAN", v, axis=0)`,
  which fails on scalars ("Invalid reduction dimension 0 for input with 0 dimensions"); the
  mean across replicas (axis=None) is what is meant. It is a module function that the
  trainer's train/test/predict steps call by name, so it can only be replaced in the module
  (patch_keras); the replacement changes multi-worker reductions only.

Before either, the installed Keras must be a verified version (VERIFIED_KERAS; the `tf`,
`tf-cpu` and `test` extras pin it) and the source of the functions replaced or called must
hash to FINGERPRINT: a Keras that changed them (or fixed the bug) is refused with a message,
never silently overwritten. To verify a new Keras: read the three functions, run
tests/test_distribute_run.py, then update VERIFIED_KERAS, FINGERPRINT and the extras.
"""

from __future__ import annotations

import hashlib
import inspect
import types

from ..errors import DistributeError
from ..tf import import_keras

VERIFIED_KERAS = ("3.15",)  # version prefixes (major.minor) the mend was verified on
# sha256 (first 16 hex digits) of the source of the three trainer functions, in PATCHED order.
FINGERPRINT = "339fcf8e258d463f"
PATCHED = ("reduce_per_replica", "TensorFlowTrainer._maybe_symbolic_build",
           "_collective_all_reduce_multi_worker")
_PATCHED = False


def trainer_module():
    import_keras()
    from keras.src.backend.tensorflow import trainer

    return trainer


def fingerprint(trainer) -> str | None:
    """The hash of the patched functions' source; None when one of them is gone."""
    digest = hashlib.sha256()
    for dotted in PATCHED:
        value = trainer
        for part in dotted.split("."):
            value = getattr(value, part, None)
        if value is None:
            return None
        try:
            digest.update(inspect.getsource(value).encode("utf-8"))
        except (OSError, TypeError):  # no source shipped
            return None
    return digest.hexdigest()[:16]


def check(version: str, found: str | None) -> None:
    """Refuse a Keras the mend was not verified on, saying what to do."""
    todo = ("install the verified Keras (pip install 'keras>=3.15.1,<3.16', which "
            "`pip install 'lstmspec[tf]'` brings), or train without train.distribute")
    if not version.startswith(tuple(v + "." for v in VERIFIED_KERAS)):
        raise DistributeError(f"train.distribute needs a mend of Keras verified on Keras "
                              f"{', '.join(v + '.x' for v in VERIFIED_KERAS)}; this is Keras "
                              f"{version}: {todo}")
    if found != FINGERPRINT:
        raise DistributeError(f"train.distribute mends Keras functions ({', '.join(PATCHED)}) "
                              f"that this Keras {version} has changed (fingerprint "
                              f"{found or 'missing'}, verified {FINGERPRINT}): {todo}")


def patch_keras() -> None:
    """Check this Keras, then replace trainer.reduce_per_replica (once per process)."""
    global _PATCHED
    if _PATCHED:
        return
    trainer = trainer_module()
    check(import_keras().__version__, fingerprint(trainer))
    original_reduce = trainer.reduce_per_replica

    def reduce_per_replica(values, strategy, reduction):
        if reduction in ("auto", "mean") and \
                trainer._collective_all_reduce_multi_worker(strategy):
            import tensorflow as tf

            return tf.nest.map_structure(lambda v: strategy.reduce("MEAN", v, axis=None),
                                         values)
        return original_reduce(values, strategy, reduction)

    trainer.reduce_per_replica = reduce_per_replica
    _PATCHED = True


def mend_model(model) -> None:
    """Give this model (built under a strategy, after patch_keras) a symbolic build that uses
    the first local replica's batch instead of reducing (x, y) across replicas."""

    def maybe_symbolic_build(self, iterator=None, data_batch=None):
        if self._distribute_strategy is None:
            return
        if iterator is not None:
            for _, _, batches in iterator:
                data_batch = local_values(self.distribute_strategy, next(batches))
                break
        with self.distribute_strategy.scope():
            self._symbolic_build(data_batch=data_batch)

    model._maybe_symbolic_build = types.MethodType(maybe_symbolic_build, model)


def local_values(strategy, batch):
    """The first local replica's part of a distributed batch (plain tensors pass through)."""
    import tensorflow as tf

    def local(value):
        if isinstance(value, tf.distribute.DistributedValues):
            return strategy.experimental_local_results(value)[0]
        return value

    return tf.nest.map_structure(local, batch)
