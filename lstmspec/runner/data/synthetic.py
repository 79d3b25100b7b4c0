"""Synthetic data shaped from the model, for a smoke run with no data file.

Inputs are random (token ids for an Embedding, normal values otherwise); targets depend on
the inputs through a fixed random projection, so the loss can fall and a run shows that the
whole pipeline works. Seeded by train.seed.
"""

from __future__ import annotations

import numpy as np

from ...datafacts.sampling import sample_classes, split_indices
from ...datafacts.windows import fractions_of
from ...spec.ranges import ANY, INF, output_range
from ...spec.sections.compile import (
    BINARY_LOSSES,
    ONE_HOT_LOSSES,
    SPARSE_LOSSES,
    class_family,
)
from .dataset import Dataset
from .npz_arrays import embedding_of

UNKNOWN_LENGTH = 16  # what a null axis of input.shape becomes


def make_synthetic(model, specs, output_shape: tuple) -> Dataset:
    seed = model.train.seed if model.train else 0
    rng = np.random.default_rng(seed)
    count = model.data.samples
    x = make_inputs(rng, model, specs, count)
    out = tuple(UNKNOWN_LENGTH if d is None else d for d in output_shape[1:])
    y = make_targets(rng, x, out, model.compile.loss, output_range(specs)[0])
    split = model.data.split
    found = sample_classes(tuple(y.shape), y.ravel().tolist(), class_family(
        model.compile.loss)) if split.stratify and class_family(model.compile.loss) else None
    result = Dataset({}, {})
    for part, indices in split_indices(count, fractions_of(split), split.shuffle,
                                       split.stratify and found is not None, seed,
                                       found).items():
        chosen = np.asarray(indices, dtype=np.int64)
        result.x[part], result.y[part] = x[chosen], y[chosen]
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


def make_targets(rng, x, out: tuple, loss: str, span: tuple = ANY):
    """Targets that depend on the inputs; a regression's lie inside `span`, the range the
    model's last layer can output (a sigmoid head gets targets in (0, 1), a softmax head
    rows that sum to 1), so that a smoke run can always learn them."""
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
    return inside(score.reshape((len(x),) + out), span).astype(np.float32)


def inside(score: np.ndarray, span: tuple) -> np.ndarray:
    """Scores mapped into the closed range `span` (tanh into (-1, 1) when it is unbounded)."""
    low, high = span
    if low == -INF and high == INF:
        return np.tanh(score)
    if low == -INF:
        return high - np.logaddexp(0.0, score)  # below `high`: high - softplus
    if high == INF:
        return low + np.logaddexp(0.0, score)
    if (low, high) == (0.0, 1.0) and score.shape[-1] > 1:  # a softmax's rows: sum to 1
        shifted = np.exp(score - score.max(axis=-1, keepdims=True))
        return shifted / shifted.sum(axis=-1, keepdims=True)
    return low + (high - low) / (1.0 + np.exp(-score))
