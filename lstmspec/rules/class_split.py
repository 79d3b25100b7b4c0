"""LS432: a class that the validation or test part holds and the training part lacks.

Samples stored sorted by class (UEA's JapaneseVowels: 270 training samples, class by class)
cut in order give a validation part of the last classes only: the model never sees them in
training, validation accuracy is 0, early stopping keeps the first epoch. Lint reads the
labels (target_facts.part_labels: the parts exactly as the runner cuts them, shuffled or
stratified) and names the classes. `data.split.stratify` gives training every class.
"""

from __future__ import annotations

from ..datafacts.npz_layout import CLASSES
from ..datafacts.values import npz_strings
from ..diagnostics import Finding
from .runner_facts import data_view
from .target_facts import part_labels, split_cuts

CODE = "LS432"
SHOWN = 8  # classes named in a message, at most


def check(ctx):
    parts = part_labels(ctx)
    if not parts or "train" not in parts:
        return
    trained = set(parts["train"])
    data = ctx.model.data
    for part in ("validation", "test"):
        missing = sorted(set(parts.get(part, ())) - trained)
        if not missing:
            continue
        named = names(ctx, missing)
        count = sum(1 for label in parts[part] if label in missing)
        head = (f"the {part} part holds {count} sample(s) of class(es) {named} that the "
                f"training part lacks: the model is scored on classes it never sees")
        if split_cuts(ctx) and not data.split.stratify:
            where = ("data", "split") if "split" in data.model_fields_set else ("data",)
            yield Finding(CODE, f"{head}; the samples look stored in class order, cut in "
                          "order by data.split: stratify the split, so that every part keeps "
                          "the class proportions", where, on_key=True,
                          fix="set data.split.stratify: true")
        else:
            yield Finding(CODE, f"{head}; the file gives its parts as arrays: put samples of "
                          "these classes into x_train/y_train, or save x and y and let "
                          "data.split.stratify cut them", ("data", "path"))
        return


def names(ctx, labels: list) -> str:
    """Classes as a message names them: by the NPZ's `classes` when it has them."""
    view = data_view(ctx)
    found = npz_strings(view.path, CLASSES) if view and view.facts and \
        CLASSES in view.facts.arrays else None
    shown = [f"'{found[c]}'" if found and 0 <= c < len(found) else str(c)
             for c in labels[:SHOWN]]
    return ", ".join(shown) + (f" and {len(labels) - SHOWN} more" if len(labels) > SHOWN else "")
