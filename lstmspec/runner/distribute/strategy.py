"""Choosing the tf.distribute strategy of a run (none, mirrored, multi_worker) and the scope
the model is built in. `start` returns the Placement that the build, the fit and the input
pipeline are then given: there is no module-global run state.

A multi-worker job, and why it is done so (measured with Keras 3.15 / TensorFlow 2.21):
- Only the chief (worker 0, or the `chief` task of TF_CONFIG) writes the run directory; the
  others run in a temporary directory that is removed at the end, as Keras advises. Every
  worker still trains, saves and evaluates: those steps are collective (multiworker.py).
- On a restart the chief restores its checkpoint and broadcasts the epoch (before the input
  pipeline is made, multiworker.agreed_epoch), then the weights and the optimizer state to the
  others (multiworker.chief_sync): they need no checkpoint and no shared disk, and the job
  resumes as one after the last finished epoch.
- When one worker dies the others stop within seconds (TensorFlow's heartbeats): the whole
  job is started again, the same command on every machine.
- Keras 3.15 does not train under MultiWorkerMirroredStrategy as shipped (keras-team/keras
  #20585): keras_patch.py mends the two places that fail, in processes that train under a
  strategy, after checking that the installed Keras is the one the mend was verified on.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from ..build.model import fresh_session
from ..errors import DistributeError
from .cluster import Role
from .keras_patch import patch_keras


@dataclass(frozen=True)
class Placement:
    """Where a run trains: this process's role, the strategy (None for strategy none), the
    replicas in sync, the devices here and the global batch size."""

    role: Role
    batch: int
    strategy: object = None  # a tf.distribute.Strategy
    replicas: int = 1
    devices: list = field(default_factory=list)

    @property
    def per_replica_batch(self) -> int:
        return self.batch // self.replicas

    @property
    def multi_worker(self) -> bool:
        return self.role.strategy == "multi_worker"

    def describe(self) -> str:
        """The line `lstmspec run` prints: the strategy, the replicas, the batch split."""
        if self.strategy is None:
            return f"Strategy: none (one device); batch size {self.batch}"
        here = ", ".join(self.devices)
        where = f"on {here}" if self.role.strategy == "mirrored" else \
            f"in all, {len(self.devices)} here on {here}"
        return (f"Strategy: {self.role.describe()}; {self.replicas} replicas {where}; batch "
                f"size {self.batch} global = {self.per_replica_batch} per replica")


def scope(placement: Placement):
    """The strategy's scope (build and compile the model in it), or nothing. Keras's session
    is cleared first, for layer names as in a fresh session: keras.backend.clear_session()
    inside the scope would reset the graph that holds it (and it resets the dtype policy,
    which is kept)."""
    if placement.strategy is None:
        return contextlib.nullcontext()
    fresh_session()
    return placement.strategy.scope()


def start(role: Role, spec, batch: int) -> Placement:
    """Create the strategy for this process's role (multiworker.worker_setup found it); call
    right after TensorFlow is imported, before it runs anything (logical CPU devices and the
    collective ops of multi_worker can only be set up then)."""
    if spec.strategy == "none":
        return Placement(role, batch)
    import tensorflow as tf

    patch_keras()
    if spec.strategy == "mirrored":
        strategy = tf.distribute.MirroredStrategy(devices=mirrored_devices(tf, spec.devices))
    else:
        strategy = multi_worker_strategy(tf, spec.communication)
    replicas = strategy.num_replicas_in_sync
    local = [d.split("device:")[-1] for d in strategy.extended.worker_devices]
    if batch % replicas:
        raise DistributeError(f"the batch size {batch} (global) does not split evenly over "
                              f"{replicas} replicas: make train.batch_size a multiple of "
                              f"{replicas}")
    return Placement(role, batch, strategy, replicas, local)


def mirrored_devices(tf, wanted: list | None) -> list | None:
    """The device list for MirroredStrategy; CPU:n entries become logical CPU devices."""
    if not wanted:
        return None  # every GPU, or the CPU when there is none
    kind = wanted[0].split(":")[0]
    needed = max(int(d.split(":")[1]) for d in wanted) + 1
    if kind == "CPU":
        cpu = tf.config.list_physical_devices("CPU")[0]
        try:
            tf.config.set_logical_device_configuration(
                cpu, [tf.config.LogicalDeviceConfiguration()] * needed)
        except RuntimeError:  # TensorFlow already started: keep what it has, if enough
            pass
        have = len(tf.config.list_logical_devices("CPU"))
    else:
        have = len(tf.config.list_physical_devices("GPU"))
    if have < needed:
        raise DistributeError(f"train.distribute.devices names {kind}:{needed - 1} but "
                              f"TensorFlow sees {have} {kind} device(s) here: list only "
                              f"{kind}:0 to {kind}:{have - 1}" if have else
                              f"train.distribute.devices lists {kind}s but TensorFlow sees "
                              f"none here (--device cpu hides the GPUs): remove `devices` or "
                              "run on a machine with them")
    return [f"/{kind.lower()}:{d.split(':')[1]}" for d in wanted]


def multi_worker_strategy(tf, communication: str):
    implementation = {"auto": tf.distribute.experimental.CommunicationImplementation.AUTO,
                      "ring": tf.distribute.experimental.CommunicationImplementation.RING,
                      "nccl": tf.distribute.experimental.CommunicationImplementation.NCCL}
    options = tf.distribute.experimental.CommunicationOptions(
        implementation=implementation[communication])
    try:
        return tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    except (RuntimeError, ValueError) as err:
        raise DistributeError(f"cannot start the multi-worker strategy: {first_line(err)}: "
                              "check TF_CONFIG (or the cluster section) and that each worker's "
                              "port is free") from None


def first_line(err: BaseException) -> str:
    """The first line of an error, without TensorFlow's `{{function_node ...}}` prefix."""
    text = str(err).strip()
    if text.startswith("{{"):
        text = text.split("}}", 1)[-1].strip()
    lines = text.splitlines()
    return (lines[0] if lines else type(err).__name__)[:300]
