"""tf.distribute for `lstmspec run`: the strategy (none, mirrored, multi_worker), the scope the
model is built in, the sharded input pipeline, and what keeps a multi-worker job in step.

A multi-worker job, and why it is done so (measured with Keras 3.15 / TensorFlow 2.21):
- Only the chief (worker 0, or the `chief` task of TF_CONFIG) writes the run directory; the
  others run in a temporary directory that is removed at the end, as Keras advises. Every
  worker still trains, saves and evaluates: those steps are collective.
- On a restart the chief restores its backup and broadcasts the weights, the optimizer state
  and the epoch to the others (multiworker.chief_sync): they need no backup and no shared
  disk, and the job resumes as one after the last finished epoch.
- When one worker dies the others stop within seconds (TensorFlow's heartbeats): the whole
  job is started again, the same command on every machine.
- Keras 3.15 does not train under MultiWorkerMirroredStrategy as shipped (keras-team/keras
  #20585): multiworker.patch_keras() mends the two places that fail, in processes that train
  under a strategy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass, field

from .cluster import DistributeError, Role, plan

class WorkerDone(Exception):
    """A worker that is not the chief has nothing left to do (the chief had finished
    training before the restart)."""


@dataclass
class Placement:
    """The strategy of a run and what it trains on."""

    role: Role
    strategy: object = None  # a tf.distribute.Strategy, None for strategy none
    replicas: int = 1
    devices: list = field(default_factory=list)

    def describe(self, batch: int) -> str:
        """The line `lstmspec run` prints: the strategy, the replicas, the batch split."""
        if self.strategy is None:
            return f"Strategy: none (one device); batch size {batch}"
        here = ", ".join(self.devices)
        where = f"on {here}" if self.role.strategy == "mirrored" else \
            f"in all, {len(self.devices)} here on {here}"
        return (f"Strategy: {self.role.describe()}; {self.replicas} replicas {where}; batch "
                f"size {batch} global = {batch // self.replicas} per replica")


_CURRENT = Placement(Role())


def current() -> Placement:
    return _CURRENT


def scope():
    """The strategy's scope (build and compile the model in it), or nothing. Keras's session
    is cleared first, for layer names as in a fresh session: keras.backend.clear_session()
    inside the scope would reset the graph that holds it (and it resets the dtype policy,
    which is kept)."""
    strategy = _CURRENT.strategy
    if strategy is None:
        return contextlib.nullcontext()
    from .keras_build import fresh_session

    fresh_session()
    return strategy.scope()


@contextlib.contextmanager
def worker_setup(model, options, echo=print):
    """Around a whole run: this process's role (a bad setting stops here, before TensorFlow
    is imported); a worker that is not the chief runs in a temporary directory, removed at
    the end. Yields the options to run with."""
    global _CURRENT
    from ..spec.sections.distribute import DistributeSpec

    spec = model.train.distribute if model.train is not None else DistributeSpec()
    saved = os.environ.get("TF_CONFIG")
    role = plan(spec, options.worker_index)  # writes TF_CONFIG for a cluster section
    _CURRENT = Placement(role)
    scratch = None
    if not role.chief:
        scratch = tempfile.mkdtemp(prefix=f"lstmspec-{role.task}{role.index}-")
        options = dataclasses.replace(options, output_dir=scratch, resume=False,
                                      overwrite=False)
        echo(f"{role.task.capitalize()} {role.index}: not the chief, so its files go to a "
             "temporary directory, removed at the end")
    try:
        yield options
    except WorkerDone as done:
        echo(f"{role.task.capitalize()} {role.index}: {done}")
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        if saved is None:
            os.environ.pop("TF_CONFIG", None)
        else:
            os.environ["TF_CONFIG"] = saved
        _CURRENT = Placement(Role())


def start(spec, batch: int) -> Placement:
    """Create the strategy for the role worker_setup() found; call right after TensorFlow is
    imported, before it runs anything (logical CPU devices and the collective ops of
    multi_worker can only be set up then)."""
    global _CURRENT
    role = _CURRENT.role
    if spec.strategy == "none":
        _CURRENT = Placement(role)
        return _CURRENT
    import tensorflow as tf

    from .multiworker import patch_keras

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
    _CURRENT = Placement(role, strategy, replicas, local)
    return _CURRENT


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


def fit_inputs(x, y, batch: int, shuffle: bool, seed: int, validation=None) -> dict:
    """keras.Model.fit arguments for the arrays. Under a strategy: tf.data datasets of GLOBAL
    batches, sharded by data across workers (AutoShardPolicy.DATA: every worker reads the
    arrays, keeps its share of each batch), shuffled with the run's seed so that every worker
    draws the same order. Without one: the arrays, as before."""
    if _CURRENT.strategy is None:
        return {"x": x, "y": y, "batch_size": batch, "shuffle": shuffle,
                "validation_data": validation}
    return {"x": dataset(x, y, batch, shuffle, seed), "y": None, "batch_size": None,
            "shuffle": False, "validation_data": None if validation is None else
            dataset(validation[0], validation[1], batch, False, seed)}


def dataset(x, y, batch: int, shuffle: bool, seed: int):
    import tensorflow as tf

    data = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        data = data.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = \
        tf.data.experimental.AutoShardPolicy.DATA
    return data.batch(batch).prefetch(tf.data.AUTOTUNE).with_options(options)


def extra_callbacks(echo=None) -> list:
    """Callbacks a strategy adds after the runner's own (after BackupAndRestore)."""
    if _CURRENT.role.strategy != "multi_worker":
        return []
    from .multiworker import chief_sync

    return [chief_sync(_CURRENT.strategy, _CURRENT.role.chief, echo)]


def chief_has_trained(trained: bool) -> bool:
    """Whether the chief's run had finished training (agreed by every worker; for the others
    `trained` is ignored). Outside multi_worker: `trained` itself."""
    if _CURRENT.role.strategy != "multi_worker":
        return trained
    from .multiworker import chief_flag

    return chief_flag(_CURRENT.strategy, _CURRENT.role.chief, trained)


def finished_before(run, model_file: str) -> bool:
    """Whether the run had finished training before an interruption (its model.keras is
    there). In a multi-worker job every worker takes the chief's answer; a worker with
    nothing left to do raises WorkerDone."""
    trained = run.status == "trained" and os.path.exists(model_file)
    agreed = chief_has_trained(trained)
    if agreed and not trained:
        raise WorkerDone("the chief had finished training before the restart: this worker "
                         "has nothing to do")
    return agreed


@contextlib.contextmanager
def guard():
    """Turn the error a worker gets when another worker dies into one clear message."""
    try:
        yield
    except Exception as err:
        from .multiworker import lost_worker

        if _CURRENT.role.strategy != "multi_worker" or not lost_worker(err):
            raise
        raise DistributeError(
            f"lost contact with another worker of the job ({type(err).__name__}: "
            f"{first_line(err)[:160]}): start every worker again with the same command; "
            "training resumes after the last finished epoch") from None
