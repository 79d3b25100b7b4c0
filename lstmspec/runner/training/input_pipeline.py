"""The arrays of a run as keras.Model.fit takes them: the arrays themselves without a
strategy; under one, tf.data datasets of global batches, sharded across workers."""

from __future__ import annotations


def fit_inputs(placement, x, y, shuffle: bool, seed: int, validation=None) -> dict:
    """keras.Model.fit arguments for the arrays. Under a strategy: tf.data datasets of GLOBAL
    batches (placement.batch), sharded by data across workers (AutoShardPolicy.DATA: every
    worker reads the arrays, keeps its share of each batch), shuffled with the run's seed so
    that every worker draws the same order. Without one: the arrays, as before."""
    batch = placement.batch
    if placement.strategy is None:
        return {"x": x, "y": y, "batch_size": batch, "shuffle": shuffle,
                "validation_data": validation}
    return {"x": dataset(x, y, batch, shuffle, seed), "y": None, "batch_size": None,
            "shuffle": False, "validation_data": None if validation is None else
            dataset(validation[0], validation[1], batch, False, seed)}


def dataset(x, y, batch: int, shuffle: bool, seed: int):
    import tensorflow as tf

    data = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        data = data.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = \
        tf.data.experimental.AutoShardPolicy.DATA
    return data.batch(batch).prefetch(tf.data.AUTOTUNE).with_options(options)
