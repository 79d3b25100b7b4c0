"""Which samples of an NPZ or synthetic data set make each part: cut in order (the default),
or a seeded random partition (`data.split.shuffle`, seeded by train.seed), or cut class by
class so that every part keeps the class proportions (`data.split.stratify`).

Pure Python (random.Random), one function for lint and the runner: lint's class checks see
exactly the parts that training will. A part keeps the file's order of its samples (the
runner shuffles the training samples every epoch with train.shuffle).
"""

from __future__ import annotations

import random

from .npz_layout import PAIRS, WHOLE, X_NAMES, npz_parts
from .windows import PARTS, ordered_counts


def split_indices(count: int, fractions: tuple, shuffle: bool = False, stratify: bool = False,
                  seed: int = 0, labels=None) -> dict:
    """part -> the indices of its samples (a range when cut in order), for the parts that
    have samples. `labels`: the class of each sample, which `stratify` needs."""
    if not (shuffle or stratify):
        out, start = {}, 0
        for part, size in zip(PARTS, ordered_counts(count, fractions)):
            if size:
                out[part] = range(start, start + size)
            start += size
        return out
    rng = random.Random(seed)
    if stratify:
        groups: dict = {}
        for index, label in enumerate(labels):
            groups.setdefault(label, []).append(index)
        cuts = [(members, class_counts(len(members), fractions))
                for _, members in sorted(groups.items())]
    else:
        cuts = [(list(range(count)), ordered_counts(count, fractions))]
    chosen: dict = {part: [] for part in PARTS}
    for members, sizes in cuts:
        if shuffle:
            rng.shuffle(members)
        start = 0
        for part, size in zip(PARTS, sizes):
            chosen[part] += members[start:start + size]
            start += size
    return {part: sorted(found) for part, found in chosen.items() if found}


def class_counts(total: int, fractions: tuple) -> tuple[int, int, int]:
    """One class's samples per part: the split's fractions of it, and at least one for
    training (a class training never sees cannot be learnt)."""
    train, validation, test = ordered_counts(total, fractions)
    if total and not train:
        if test:
            test -= 1
        else:
            validation -= 1
        train = 1
    return train, validation, test


def npz_samples(lengths: dict, fractions: tuple, split_written: bool, split=None, seed: int = 0,
                labels_of=None) -> dict:
    """part -> (x name, y name, indices) of an NPZ file's parts (datafacts/npz_layout.py
    says which arrays make them). `split`: the SplitSpec, whose shuffle and stratify apply to
    the samples that the split cuts; `labels_of(y name)`: the class of each of its samples
    (stratify only). Returns None when stratify needs labels that cannot be had."""
    parts = npz_parts(lengths, fractions, split_written)
    shuffle = bool(split is not None and split.shuffle)
    stratify = bool(split is not None and split.stratify)
    if not (shuffle or stratify):
        return {p: (x, y, range(start, stop)) for p, (x, y, start, stop) in parts.items()}
    source = X_NAMES[1] if X_NAMES[1] in lengths else X_NAMES[0]
    cut = {p: spec for p, spec in parts.items() if spec[0] == source}
    out = {p: (x, y, range(start, stop)) for p, (x, y, start, stop) in parts.items()
           if p not in cut}
    if not cut:
        return out
    x, y = PAIRS["train"] if source == X_NAMES[1] else WHOLE
    total = lengths[x]
    share = tuple(0.0 if p in out else f for p, f in zip(PARTS, fractions))
    share = tuple(s / sum(share) for s in share)
    labels = labels_of(y) if stratify else None
    if stratify and labels is None:
        return None
    for part, indices in split_indices(total, share, shuffle, stratify, seed, labels).items():
        out[part] = (x, y, indices)
    return {p: out[p] for p in PARTS if p in out}


def sample_classes(shape: tuple, values, family: str) -> list | None:
    """The class of each sample, from a target array's shape and flat values (C order):
    `family` "labels" (one class id per sample, shape (N,) or (N, 1)) or "one_hot" (shape
    (N, K): the largest value's index). None for another layout (a label per timestep,
    several labels per sample) or values that are not class ids."""
    if family == "labels" and len(shape) in (1, 2) and (len(shape) == 1 or shape[1] == 1):
        if any(v != int(v) for v in values):
            return None
        return [int(v) for v in values]
    if family == "one_hot" and len(shape) == 2 and shape[1] > 1:
        width = shape[1]
        out = []
        for start in range(0, len(values), width):
            row = values[start:start + width]
            out.append(max(range(width), key=row.__getitem__))
        return out
    return None
