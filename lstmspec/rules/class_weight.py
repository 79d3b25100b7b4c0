"""LS436: train.class_weight that cannot apply.

Keras weighs each sample's loss by its class (keras.Model.fit class_weight), which needs a
loss with classes and one class per sample (Keras refuses it for a label per timestep); a
mapping names classes by the NPZ's `classes` or by id (`"3"`), and a name the data does not
have would silently weigh nothing.
"""

from __future__ import annotations

from ..datafacts.npz_layout import CLASSES
from ..datafacts.values import npz_strings
from ..diagnostics import Finding
from ..spec.sections.compile import BINARY_LOSSES, class_family
from .last_layer import model_output
from .runner_facts import data_view

CODE = "LS436"


def check(ctx):
    train, compiled = ctx.model.train, ctx.model.compile
    weights = getattr(train, "class_weight", None)
    if weights is None or compiled is None:
        return
    path = ("train", "class_weight")
    out = model_output(ctx)
    if class_family(compiled.loss) is None:
        yield Finding(CODE, f"train.class_weight weighs each class, but {compiled.loss} has no "
                      "classes (a classification loss has)", path, on_key=True,
                      fix="remove it")
        return
    if len(out) != 1:
        yield Finding(CODE, f"train.class_weight needs one class per sample, but the model "
                      f"outputs {out} per sample (a label per timestep): Keras refuses it; "
                      "weigh the samples in the data instead", path, on_key=True,
                      fix="remove it")
        return
    if weights == "balanced":
        return
    known = class_keys(ctx, compiled.loss, out[-1])
    unknown = [k for k in weights if k not in known]
    if unknown:
        yield Finding(CODE, f"train.class_weight names class '{unknown[0][:40]}', which the "
                      f"data does not have: the classes are {', '.join(known[:12])}"
                      f"{', ...' if len(known) > 12 else ''}", path + (unknown[0],),
                      on_key=True)


def class_keys(ctx, loss: str, units: int) -> list:
    """How a mapping may name each class: its name in `classes`, and its id as text."""
    count = 2 if loss in BINARY_LOSSES and units == 1 else units
    view = data_view(ctx)
    names = npz_strings(view.path, CLASSES) if view and view.kind == "npz" and view.facts \
        and CLASSES in view.facts.arrays else None
    ids = [str(i) for i in range(count)]
    return list(names) + ids if names and len(names) == count else ids
