"""A classifier's scores per class, for metrics.json and `evaluate`: precision, recall and
support of each class, and the confusion matrix (rows: the actual class, columns: the
predicted one), with the classes named as the data names them (an NPZ's `classes`).

Under the key `classification`, apart from Keras's own metrics and from the forecasting keys
(`original_units`), so that each family of scores has its own place. NumPy only.
"""

from __future__ import annotations

import numpy as np

from ...spec.sections.compile import BINARY_LOSSES
from ..data.classes import class_ids


def class_scores(predicted: np.ndarray, actual: np.ndarray, loss: str,
                 names: tuple = ()) -> dict | None:
    """{"classes", "accuracy", "per_class": {name: {precision, recall, support}},
    "confusion_matrix"} of a part; None for a model that is no classifier."""
    if isinstance(actual, dict) or isinstance(predicted, dict):
        return None  # several outputs: scored by Keras's metrics per output
    guess, truth = class_ids(predicted, loss, True), class_ids(actual, loss, False)
    if guess is None or truth is None or len(guess) != len(truth):
        return None
    count = predicted.shape[-1] if loss not in BINARY_LOSSES else 2
    count = max(count, int(truth.max()) + 1 if truth.size else 0)
    labels = list(names) if len(names) == count else [str(k) for k in range(count)]
    matrix = np.zeros((count, count), dtype=np.int64)
    np.add.at(matrix, (truth, guess), 1)
    per_class = {}
    for k, name in enumerate(labels):
        said, support = int(matrix[:, k].sum()), int(matrix[k].sum())
        per_class[name] = {"precision": float(matrix[k, k] / said) if said else None,
                           "recall": float(matrix[k, k] / support) if support else None,
                           "support": support}
    return {"classes": labels, "accuracy": float(np.trace(matrix) / max(1, matrix.sum())),
            "per_class": per_class, "confusion_matrix": matrix.tolist()}


def describe(scores: dict) -> list[str]:
    """Lines for the console: per class, then the confusion matrix."""
    width = max(len(n) for n in scores["classes"])
    lines = [f"  {'class':<{width}}  precision  recall  support"]
    for name, row in scores["per_class"].items():
        shown = [f"{row[k]:.3f}" if row[k] is not None else "  -  " for k in
                 ("precision", "recall")]
        lines.append(f"  {name:<{width}}  {shown[0]:>9}  {shown[1]:>6}  {row['support']:>7}")
    lines.append("  confusion matrix (rows: actual, columns: predicted): " + "; ".join(
        " ".join(str(v) for v in row) for row in scores["confusion_matrix"]))
    return lines
