"""`train.shuffle: true` as a different order every epoch that a resumed run reproduces.

Keras 3.15 shuffles arrays with `tf.random.shuffle` inside its tf.data pipeline; with the
seed set and op determinism on, that op draws the same order in every epoch (measured: the
same first batch in epochs 1-3), so the samples were not reshuffled at all. Here the order
of epoch `e` is a stateless function of (seed, e): different every epoch, the same in every
process, so a run resumed after epoch 4 trains epoch 5 on the order an uninterrupted run
would have used. One tf.data pipeline runs over all the remaining epochs; fit() takes it
with steps_per_epoch, and Keras keeps its iterator across epochs.
"""

from __future__ import annotations

import math


def steps(samples: int, batch: int) -> int:
    return math.ceil(samples / batch)


def epoch_indices(tf, samples: int, seed: int, epoch):
    """The sample order of `epoch` (0-based): a stateless draw, the same wherever it runs."""
    keys = tf.random.stateless_uniform([samples], seed=tf.stack(
        [tf.cast(seed, tf.int64), tf.cast(epoch, tf.int64)]), dtype=tf.float32)
    return tf.argsort(keys, stable=True)


def shuffled(x, y, batch: int, seed: int, first_epoch: int, epochs: int,
             samples: int | None = None):
    """Batches of (x, y) for epochs first_epoch..epochs-1, each epoch in its own order; the
    arrays are held once (as Keras's own array adapter does) and gathered batch by batch."""
    import tensorflow as tf

    # x may be a dict of arrays (one per input of a graph), y a list (one per output)
    samples = len(y) if samples is None else samples
    plain = tf.autograph.experimental.do_not_convert  # no control flow; and autograph would
    # leave its generated files in the temporary folder of a process that is killed

    @plain
    def one_epoch(epoch):
        return tf.data.Dataset.from_tensor_slices(
            epoch_indices(tf, samples, seed, epoch)).batch(batch)

    @plain
    def gather(idx, xy):
        return tf.nest.map_structure(lambda array: tf.gather(array, idx), xy)

    indices = tf.data.Dataset.range(first_epoch, max(epochs, first_epoch)).flat_map(one_epoch)
    arrays = tf.data.Dataset.from_tensors((x, y)).repeat()
    data = tf.data.Dataset.zip((indices, arrays)).map(
        gather, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    return data.prefetch(tf.data.AUTOTUNE)


def sharded(data):
    """Under a strategy: sharded by data across workers, as input_pipeline.dataset does."""
    import tensorflow as tf

    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = \
        tf.data.experimental.AutoShardPolicy.DATA
    return data.with_options(options)
