"""`train.shuffle: true` draws a different sample order every epoch, from the seed and the
epoch's number only: a run resumed after epoch k trains epoch k+1 on the order an
uninterrupted run would have used. (Keras 3.15's own array shuffle, with the seed set and op
determinism on, drew the same order every epoch: docs/runner.md, train.shuffle.)"""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from lstmspec.runner.training.epoch_order import epoch_indices, shuffled, steps  # noqa: E402

pytestmark = pytest.mark.tf

SAMPLES, BATCH, SEED = 20, 8, 5


def batches(data) -> list:
    return [b[0].numpy()[:, 0].astype(int).tolist() for b in data]


@pytest.fixture(scope="module")
def arrays():
    x = np.arange(SAMPLES, dtype=np.float32).reshape(SAMPLES, 1)
    return x, x.copy()


def test_every_epoch_is_a_permutation_in_its_own_order():
    orders = [epoch_indices(tf, SAMPLES, SEED, e).numpy().tolist() for e in range(3)]
    assert all(sorted(o) == list(range(SAMPLES)) for o in orders)
    assert len({tuple(o) for o in orders}) == 3


def test_the_order_depends_on_the_seed_and_the_epoch_only():
    tf.random.set_seed(123)  # the global seed plays no part
    first = epoch_indices(tf, SAMPLES, SEED, 1).numpy()
    tf.random.set_seed(9)
    assert np.array_equal(first, epoch_indices(tf, SAMPLES, SEED, 1).numpy())
    assert not np.array_equal(first, epoch_indices(tf, SAMPLES, SEED + 1, 1).numpy())


def test_a_pipeline_started_after_epoch_one_gives_the_same_later_epochs(arrays):
    whole = batches(shuffled(*arrays, BATCH, SEED, 0, 3))
    per_epoch = steps(SAMPLES, BATCH)
    assert len(whole) == 3 * per_epoch and per_epoch == 3
    assert batches(shuffled(*arrays, BATCH, SEED, 1, 3)) == whole[per_epoch:]
    epochs = [sum(whole[i * per_epoch:(i + 1) * per_epoch], []) for i in range(3)]
    assert all(sorted(e) == list(range(SAMPLES)) for e in epochs)
    assert epochs[0][:BATCH] != epochs[1][:BATCH] != epochs[2][:BATCH]
