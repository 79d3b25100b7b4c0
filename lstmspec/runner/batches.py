"""A model's inputs and outputs as values: one array, or, for a model with several, a dict
(input name -> array, or output reference -> array), sample i of every array together. The
few operations the commands need on either, so that no command asks which it holds. NumPy
only."""

from __future__ import annotations

import numpy as np


def count(values) -> int:
    """The number of samples."""
    if isinstance(values, dict):
        return len(next(iter(values.values())))
    return len(values)


def rows(values, begin: int, end: int):
    """Samples begin..end."""
    if isinstance(values, dict):
        return {name: array[begin:end] for name, array in values.items()}
    return values[begin:end]


def joined(parts: list):
    """The samples of several batches, one after the other."""
    if isinstance(parts[0], dict):
        return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    return np.concatenate(parts)


def padded(values, to: int):
    """The samples, the last one repeated up to `to` samples (whole batches of a fixed
    input.batch_size)."""
    extra = to - count(values)
    if extra <= 0:
        return values
    if isinstance(values, dict):
        return {name: padded(array, to) for name, array in values.items()}
    return np.concatenate([values, np.repeat(values[-1:], extra, axis=0)])


def by_reference(outputs, references) -> dict | np.ndarray:
    """A model's answer as a value: one array, or (several outputs: Keras and onnxruntime
    answer a list, in the order of `outputs:`) a dict reference -> array."""
    if isinstance(outputs, (list, tuple)):
        if len(outputs) != len(references):
            raise ValueError(f"{len(outputs)} outputs for the {len(references)} of the run")
        return dict(zip(references, outputs))
    return outputs
