"""LS415: a metric that cannot work with what the last layer emits.

auc, precision, recall and binary_accuracy score yes/no outputs (sigmoid units) and break on a
softmax over classes (Keras fails at the first batch); categorical and sparse accuracies need
one unit per class. An accuracy on a regression (a regression loss on a linear output) counts
exact equality of real numbers: it reports 0 whatever the model learns.
"""

from __future__ import annotations

from ..diagnostics import Finding
from .last_layer import final_activation, output_units
from ..datafacts.npz_layout import Y_NAMES
from .runner_facts import npz_array, npz_view

CODE = "LS415"
BINARY_METRICS = ("auc", "precision", "recall", "binary_accuracy")
CLASS_METRICS = ("categorical_accuracy", "sparse_categorical_accuracy",
                 "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy")
ACCURACIES = ("accuracy", "binary_accuracy") + CLASS_METRICS
# keras/src/losses: the losses of a real-valued target (no class labels anywhere)
REGRESSION_LOSSES = ("mse", "mean_squared_error", "mae", "mean_absolute_error", "mape",
                     "mean_absolute_percentage_error", "msle",
                     "mean_squared_logarithmic_error", "huber", "log_cosh")


def check(ctx):
    if ctx.model.compile is None:
        return
    activation, info, _ = final_activation(ctx)
    units = output_units(ctx) or 1
    regression = (ctx.model.compile.loss in REGRESSION_LOSSES and activation == "linear"
                  and not integer_targets(ctx))
    for index, metric in enumerate(ctx.model.compile.metrics):
        path = ("compile", "metrics", index)
        if metric in ACCURACIES and regression:
            yield Finding(CODE, f"{metric} scores class labels, but loss "
                          f"{ctx.model.compile.loss} on the linear layer {info.index} "
                          f"'{info.name}' makes this a regression of real values, whose "
                          "predictions almost never equal their targets: it reports about 0; "
                          "use mae (or root_mean_squared_error)", path, fix="write mae")
        elif metric in BINARY_METRICS and activation == "softmax" and units > 1:
            yield Finding(CODE, f"{metric} scores yes/no outputs, but layer {info.index} "
                          f"'{info.name}' is a softmax over {units} classes: use accuracy (or "
                          "sparse_categorical_accuracy)", path, fix="write accuracy")
        elif metric in CLASS_METRICS and units == 1:
            yield Finding(CODE, f"{metric} needs one output unit per class, but the model emits "
                          "1 unit: use accuracy (or binary_accuracy)", path,
                          fix="write accuracy")


def integer_targets(ctx) -> bool:
    """NPZ targets stored as integers: labels scored with mse, where accuracy means something."""
    facts = npz_view(ctx)
    y = npz_array(facts, Y_NAMES) if facts else None
    return y is not None and y.is_integer
