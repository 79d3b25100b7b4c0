"""Synthetic data shaped from the model, for a smoke run with no data file.

Inputs are random (token ids for an Embedding, normal values otherwise); targets depend on
the inputs through a fixed random projection, so the loss can fall and a run shows that the
whole pipeline works. Seeded by train.seed.
"""

from __future__ import annotations

import numpy as np

from ...datafacts.windows import PARTS, fractions_of, ordered_counts
from ...spec.sections.compile import BINARY_LOSSES, ONE_HOT_LOSSES, SPARSE_LOSSES
from .dataset import Dataset
from .npz_arrays import embedding_of

UNKNOWN_LENGTH = 16  # what a null axis of input.shape becomes


def make_synthetic(model, specs, output_shape: tuple) -> Dataset:
    seed = model.train.seed if model.train else 0
    rng = np.random.default_rng(seed)
    count = model.data.samples
    x = make_inputs(rng, model, specs, count)
    out = tuple(UNKNOWN_LENGTH if d is None else d for d in output_shape[1:])
    y = make_targets(rng, x, out, model.compile.loss)
    result, start = Dataset({}, {}), 0
    for part, size in zip(PARTS, ordered_counts(count, fractions_of(model.data.split))):
        if size:
            result.x[part], result.y[part] = x[start:start + size], y[start:start + size]
        start += size
    return result


def make_inputs(rng, model, specs, count: int):
    shape = (count,) + tuple(UNKNOWN_LENGTH if d is None else d for d in model.input.shape)
    embedding = embedding_of(specs)
    if embedding is not None:
        return rng.integers(1 if embedding.input_dim > 1 else 0, embedding.input_dim,
                            size=shape, dtype=np.int32)
    if model.input.dtype.startswith("int"):
        return rng.integers(0, 10, size=shape, dtype=np.int32)
    return rng.standard_normal(shape).astype(np.float32)


def make_targets(rng, x, out: tuple, loss: str):
    flat = x.reshape(len(x), -1).astype(np.float32)
    flat = (flat - flat.mean(axis=0)) / (flat.std(axis=0) + 1e-6)
    width = int(np.prod(out)) if out else 1
    score = flat @ rng.standard_normal((flat.shape[1], width)).astype(np.float32)
    score /= np.sqrt(flat.shape[1])
    if loss in SPARSE_LOSSES:
        classes = out[-1]
        labels = score.reshape((len(x),) + out).argmax(axis=-1)
        return labels.astype(np.int32) if classes > 1 else np.zeros_like(labels, np.int32)
    if loss in ONE_HOT_LOSSES:
        labels = score.reshape((len(x),) + out).argmax(axis=-1)
        return np.eye(out[-1], dtype=np.float32)[labels]
    if loss in BINARY_LOSSES:
        return (score > np.median(score, axis=0)).astype(np.float32).reshape((len(x),) + out)
    return np.tanh(score).astype(np.float32).reshape((len(x),) + out)
