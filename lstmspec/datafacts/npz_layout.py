"""Which samples of an NPZ file make the train, validation and test parts: one rule for lint
and the runner (pure arithmetic on the arrays' lengths; no NumPy).

- arrays `x`, `y`: cut in order by `data.split`;
- arrays `x_train`, `y_train` (with `x_val`/`y_val`, `x_test`/`y_test` if the file has them):
  each given part as it is. When the file has no `x_val` and the config writes `data.split`,
  the validation part is cut from the end of `x_train`, in order, by the split's fractions
  (and the test part too when the file has no `x_test`): the split a user writes is never
  silently ignored. With `x_val` in the file, a written split has nothing to cut: lint says
  so (LS416).
"""

from __future__ import annotations

from .windows import PARTS, ordered_counts

# The array names of an NPZ file, for lint and the runner: one owner.
WHOLE = ("x", "y")  # cut in order by data.split
PAIRS = {"train": ("x_train", "y_train"), "validation": ("x_val", "y_val"),
         "test": ("x_test", "y_test")}
SPLIT_ARRAYS = tuple(name for pair in PAIRS.values() for name in pair)
# Where the samples' inputs and targets are, in either layout.
X_NAMES, Y_NAMES = (WHOLE[0], PAIRS["train"][0]), (WHOLE[1], PAIRS["train"][1])
CLASSES = "classes"  # an optional array of class names (fixed-width strings, no pickle)


def output_target(reference: str) -> str:
    """The target array of one output of a model with several (`y_<reference>`)."""
    return f"{WHOLE[1]}_{reference}"


def has_samples(names) -> bool:
    """Whether the arrays hold samples in one of the two layouts (x and y, or x_train and
    y_train)."""
    return set(WHOLE) <= set(names) or set(PAIRS["train"]) <= set(names)


def given_parts(names) -> dict:
    """part -> (x name, y name) for the parts the file gives as arrays."""
    return {part: pair for part, pair in PAIRS.items() if pair[0] in names and pair[1] in names}


def split_applies(names, split_written: bool) -> bool:
    """Whether data.split decides the parts: plain x/y, or x_train without x_val."""
    return X_NAMES[1] not in names or (split_written and "validation" not in given_parts(names))


def npz_parts(lengths: dict, fractions: tuple, split_written: bool) -> dict:
    """part -> (x name, y name, start, stop) of every part with samples. `lengths`: array
    name -> number of samples (x's and y's lengths are checked elsewhere)."""
    if X_NAMES[1] not in lengths:
        return cut(*WHOLE, lengths[WHOLE[0]], fractions, 0)
    given = given_parts(lengths)
    parts = {part: (x, y, 0, lengths[x]) for part, (x, y) in given.items() if lengths[x]}
    if not split_applies(lengths, split_written):
        return parts
    share = (fractions[0], fractions[1], 0.0 if "test" in given else fractions[2])
    total = sum(share)
    x, y = PAIRS["train"]
    cuts = cut(x, y, lengths[x], tuple(s / total for s in share), 0)
    return {**{p: s for p, s in parts.items() if p != "train"}, **cuts}


def cut(x: str, y: str, total: int, fractions: tuple, start: int) -> dict:
    parts = {}
    for part, count in zip(PARTS, ordered_counts(total, fractions)):
        if count:
            parts[part] = (x, y, start, start + count)
        start += count
    return parts


def part_sizes(parts: dict) -> dict:
    return {part: stop - start for part, (_, _, start, stop) in parts.items()}
