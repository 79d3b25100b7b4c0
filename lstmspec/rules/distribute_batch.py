"""LS420: the global batch size does not divide evenly across the replicas of train.distribute.

The batch size is global: each step takes that many samples and tf.distribute splits them
across the replicas. When the split is uneven (33 over 2 replicas: 17 and 16), Keras fails at
the first step under MirroredStrategy (measured on Keras 3.15: `Inputs to operation AddN ...
must have the same size and shape`), and the replicas' mean losses no longer weigh every
sample alike. Checked when the config fixes a number that divides the replica count: the
length of `devices` (mirrored), or the number of workers of `cluster` (multi_worker: every
worker holds the same number of replicas, at least one).
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS420"
DEFAULT_BATCH_SIZE = 32  # runner/resolve.py DEFAULT_BATCH_SIZE; kept here so lint imports less


def global_batch(model) -> tuple[int, tuple]:
    """The batch size a run uses, and the key that sets it (none: the default)."""
    train = model.train
    if train.batch_size is not None:
        return train.batch_size, ("train", "batch_size")
    if model.input.batch_size is not None:
        return model.input.batch_size, ("input", "batch_size")
    return DEFAULT_BATCH_SIZE, ()


def check(ctx):
    train = ctx.model.train
    if train is None or not train.distribute.active:
        return
    factor = train.distribute.replica_factor()
    if factor is None:
        return
    count, key = factor
    batch, where = global_batch(ctx.model)
    if batch % count == 0:
        return
    what = "replicas (one per device)" if key == ("devices",) else \
        "workers (each holds the same number of replicas)"
    source = "the default batch size" if not where else ".".join(where)
    lower, upper = (batch // count) * count, (batch // count + 1) * count
    choice = f"{lower} or {upper}" if lower else f"{upper}"
    yield Finding(CODE, f"{source} is {batch}, the GLOBAL batch, which does not split evenly "
                  f"over {count} {what}: make it a multiple of {count} ({choice}), so that "
                  f"every replica gets the same number of samples",
                  where or ("train", "distribute") + key,
                  fix=f"set {'.'.join(where or ('train', 'batch_size'))}: {upper}")
