"""LS409: the class labels in the data do not fit the last layer.
LS435: the NPZ's `classes` array does not name the model's classes.

Read from the NPZ labels (y or y_train, when they are integers and small): sparse categorical
labels must lie in [0, units), binary labels in {0, 1}. Targets that are no labels at all (a
sparse loss on fractions, a binary or one-hot loss on values outside [0, 1], any
classification loss on a CSV series) are quantities: the fix is a regression loss. A label beyond the last unit makes
Keras produce NaN losses or fail in the middle of an epoch.

`classes` (a fixed-width string array, `<U5`, read without pickle) names the classes in the
order of their ids: one distinct name per unit of the last layer (two for one sigmoid unit);
predictions and metrics write them. With a loss that has no classes it is not used.
"""

from __future__ import annotations

from ..datafacts.npz_layout import CLASSES
from ..datafacts.values import integer_range, npz_strings
from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, SPARSE_LOSSES, class_family
from .last_layer import held_layers, last_layer_path, output_units
from ..datafacts.npz_layout import Y_NAMES
from .runner_facts import data_view, npz_array
from .target_facts import npz_targets

CODE = "LS409"
CODES = ("LS409", "LS435")


def check(ctx):
    view, compiled = data_view(ctx), ctx.model.compile
    if view is not None and compiled is not None and class_family(compiled.loss) and \
            view.kind in ("csv", "parquet"):
        yield Finding(CODE, f"{compiled.loss} scores class labels, but {view.kind} data gives "
                      "a series of quantities (normalised values), not classes: use a "
                      "regression loss", ("compile", "loss"), fix="write mse")
        return
    if view is None or view.kind != "npz" or view.facts is None or compiled is None:
        return
    yield from check_names(ctx, view, compiled.loss)
    found = npz_targets(ctx) if class_family(compiled.loss) else None
    if found is not None and not labels(found, compiled.loss):
        yield Finding(CODE, f"{compiled.loss} scores class labels, but {found.where} hold "
                      f"values from {found.low:.4g} to {found.high:.4g}" +
                      (" that are not whole numbers" if not found.integer else "") +
                      ": quantities, not classes: use a regression loss", ("compile", "loss"),
                      fix="write mse")
        return
    if compiled.loss not in SPARSE_LOSSES + BINARY_LOSSES:
        return
    y = npz_array(view.facts, Y_NAMES)
    found = integer_range(view.path, y.name) if y is not None else None
    if found is None:
        return
    low, high = found
    units = output_units(ctx) or 1
    if compiled.loss in SPARSE_LOSSES and (low < 0 or high >= units):
        yield Finding(CODE, f"array {y.name} holds class labels {low}..{high} ({high + 1} "
                      f"classes) but the last layer has {units} unit(s), one per class: give it "
                      f"units: {high + 1}" + (" and make the labels >= 0" if low < 0 else ""),
                      last_layer_path(ctx, "units"), fix=f"set units: {high + 1}")
    elif compiled.loss in BINARY_LOSSES and (low < 0 or high > 1):
        yield Finding(CODE, f"{compiled.loss} needs labels 0 and 1, but array {y.name} holds "
                      f"labels {low}..{high}: for {high + 1} classes use "
                      "sparse_categorical_crossentropy with a last layer of "
                      f"{high + 1} softmax units", ("compile", "loss"),
                      fix="write sparse_categorical_crossentropy")


def labels(found, loss: str) -> bool:
    """Whether targets can be what a classification loss scores: class ids (whole numbers)
    for a sparse loss; values in [0, 1] (0/1 labels, or probabilities) for the others."""
    if loss in SPARSE_LOSSES:
        return found.integer
    return found.integer or (found.low >= 0 and found.high <= 1)


def check_names(ctx, view, loss: str):
    header = view.facts.arrays.get(CLASSES)
    if header is None or class_family(loss) is None:
        return
    units = output_units(ctx) or 1
    count = 2 if loss in BINARY_LOSSES and units == 1 else units
    where = ("data", "path")
    names = npz_strings(view.path, CLASSES) if header.is_text else None
    if not header.is_text or len(header.shape) != 1:
        yield Finding("LS435", f"array classes holds {header.descr[:12]!r} values of shape "
                      f"{header.shape}: class names are one text per class, saved as "
                      "numpy.array(names) (a fixed-width string array, which loads without "
                      "pickle; an object array does not)", where)
    elif names is not None and len(names) != count:
        last = held_layers(ctx)[-1]
        # the names and the labels agree on the classes: the last layer is what differs
        labels = integer_range(view.path, y.name) if (y := npz_array(view.facts, Y_NAMES)) \
            is not None else None
        agree = labels is not None and labels[1] + 1 == len(names) and \
            "units" in type(last.core).model_fields and not (loss in BINARY_LOSSES and units == 1)
        yield Finding("LS435", f"array classes names {len(names)} classes, but the last layer "
                      f"has {units} unit(s), for {count} classes: give one name per class, in "
                      "the order of the class ids" + (f"; the labels ({labels[0]}..{labels[1]}) "
                      f"agree with the names: give the last layer units: {len(names)}"
                      if agree else ""), where,
                      fix=f"set units: {len(names)} on layer {last.index}" if agree else None)
    elif names is not None and len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        yield Finding("LS435", f"array classes names '{twice[:40]}' twice: predictions and "
                      "metrics could not tell those classes apart; give each class its own "
                      "name", where)
