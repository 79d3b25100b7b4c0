"""LS422: a stateful recurrent layer under a tf.distribute strategy with more than one replica.

A stateful layer carries its state from batch to batch, row i of one batch continuing row i of
the last; the state is a variable shaped by input.batch_size. Under a strategy each replica
sees only its slice of the global batch, while Keras's state variables (keras/src/layers/rnn/
rnn.py, created with aggregation "none") are not replica-aware: with input.batch_size equal to
the global batch the first step fails (measured: 32 rows of state, 16 rows per replica), and
with it equal to the per-replica batch training runs but the state kept and saved is one
replica's. The rule: no stateful layer under mirrored or multi_worker unless the config fixes
exactly one replica (`devices` with one entry). Train stateful models without a strategy.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS422"


def stateful_layers(ctx):
    """(index, class name, YAML path of `stateful`) of every stateful recurrent layer."""
    for info in ctx.inference.layers:
        if getattr(info.core, "stateful", False):
            yield info.index, info.core.KERAS_CLASS, info.core_path + ("stateful",)


def check(ctx):
    train = ctx.model.train
    if train is None or not train.distribute.active or train.distribute.replicas() == 1:
        return
    strategy = train.distribute.strategy
    for index, kind, path in stateful_layers(ctx):
        yield Finding(CODE, f"{kind} in layer {index} is stateful, which Keras cannot train "
                      f"under strategy {strategy}: its state is one variable of "
                      "input.batch_size rows, while each replica sees only its slice of the "
                      "batch. Set stateful: false, or train without train.distribute",
                      path, on_key=True)
