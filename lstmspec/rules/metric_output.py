"""LS415: a metric that cannot work with what the last layer emits.

auc, precision, recall and binary_accuracy score yes/no outputs (sigmoid units) and break on a
softmax over classes (Keras fails at the first batch); categorical and sparse accuracies need
one unit per class.
"""

from __future__ import annotations

from ..diagnostics import Finding
from .last_layer import final_activation, output_units

CODE = "LS415"
NAME = "metric-output"
BINARY_METRICS = ("auc", "precision", "recall", "binary_accuracy")
CLASS_METRICS = ("categorical_accuracy", "sparse_categorical_accuracy",
                 "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy")


def check(ctx):
    if ctx.model.compile is None:
        return
    activation, info, _ = final_activation(ctx)
    units = output_units(ctx) or 1
    for index, metric in enumerate(ctx.model.compile.metrics):
        path = ("compile", "metrics", index)
        if metric in BINARY_METRICS and activation == "softmax" and units > 1:
            yield Finding(CODE, f"{metric} scores yes/no outputs, but layer {info.index} "
                          f"'{info.name}' is a softmax over {units} classes: use accuracy (or "
                          "sparse_categorical_accuracy)", path, fix="write accuracy")
        elif metric in CLASS_METRICS and units == 1:
            yield Finding(CODE, f"{metric} needs one output unit per class, but the model emits "
                          "1 unit: use accuracy (or binary_accuracy)", path,
                          fix="write accuracy")
