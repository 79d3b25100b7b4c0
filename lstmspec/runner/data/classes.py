"""The class at every position of a classifier's targets or outputs (NumPy only): for the
per-class scores (use/class_scores.py) and the class weights of training."""

from __future__ import annotations

import numpy as np

from ...spec.sections.compile import BINARY_LOSSES, class_family


def class_ids(values: np.ndarray, loss: str, predicted: bool) -> np.ndarray | None:
    """The class at every position of a model output (predicted) or of the targets: the
    largest unit for several units, 0/1 at 0.5 for one binary unit."""
    family = class_family(loss)
    if family is None:
        return None
    if loss in BINARY_LOSSES:
        if values.ndim > 1 and values.shape[-1] > 1:
            return None  # several independent yes/no labels: no one class per position
        return (values.reshape(len(values), -1) > 0.5).astype(np.int64).ravel()
    if predicted or family == "one_hot":
        return values.argmax(axis=-1).reshape(-1)
    return values.reshape(-1).astype(np.int64)
