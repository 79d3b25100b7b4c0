"""Model outputs that do not depend on the windows predicted beside them.

Keras's predict on CPU runs through oneDNN, whose kernels round differently for another
batch shape: one window predicted among 60 others and among 64 differs by ~1e-7 (measured on
an LSTM: 1.2e-7), which the 9 digits lstmspec writes show. Every output that is written or
scored (predictions.csv, metrics.json, predict, forecast, evaluate, the conformal errors) is
therefore computed in batches of one fixed shape: the windows padded with copies of the last
to a whole number of batches, the padding dropped after. A window's output is then the same
whichever windows come with it, so `predict` on a run's own data gives predictions.csv's
values to the last digit (tests/seriesmatrix_check.py checks it on every cell).
"""

from __future__ import annotations

import numpy as np

from .batches import count, padded, rows

BATCH = 256  # windows per call; a model with a fixed input.batch_size uses its own


def predict(model, x, batch: int | None = None):
    """`model.predict(x)` in batches of one shape; `x` an array or {input name: array},
    the answer an array or a list of arrays (several outputs), as Keras gives it. Each batch
    goes through the model's traced predict function directly (`predict_on_batch`): no
    tf.data pipeline per call, which a recursive forecast pays at every step."""
    size = batch or fixed_batch(model) or BATCH
    total = count(x)
    if total == 0:
        return model.predict(x, batch_size=size, verbose=0)
    whole = padded(x, total + -total % size)
    chunks = [model.predict_on_batch(rows(whole, at, at + size))
              for at in range(0, count(whole), size)]
    if isinstance(chunks[0], (list, tuple)):
        return [np.concatenate(parts)[:total] for parts in zip(*chunks)]
    return np.concatenate(chunks)[:total]


def fixed_batch(model) -> int | None:
    """The batch size the model's first input is built with (stateful layers), else None."""
    try:
        return model.inputs[0].shape[0]
    except (AttributeError, IndexError, TypeError):
        return None
