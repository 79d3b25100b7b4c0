"""LS416: `data.split` written for an NPZ file that gives its own validation part.

The split cuts plain `x`/`y` arrays, or cuts the validation (and test) part from `x_train`
when the file has no `x_val` (datafacts/npz_layout.py). A file with `x_val` leaves it nothing to cut,
so the fractions written would be silently ignored: an error, by the contract's rule.
"""

from __future__ import annotations

from ..datafacts.npz_layout import split_applies
from ..diagnostics import Finding
from .runner_facts import npz_view

CODE = "LS416"


def check(ctx):
    data = ctx.model.data
    if data is None or data.kind != "npz" or "split" not in data.model_fields_set:
        return
    facts = npz_view(ctx)
    if facts is None or split_applies(facts.arrays, True):
        return
    given = ", ".join(name for name in ("x_train", "x_val", "x_test") if name in facts.arrays)
    yield Finding(CODE, f"data.split is not used: '{data.path}' gives its parts as arrays "
                  f"({given}), so there is nothing to cut; remove data.split (or drop x_val "
                  "and y_val from the file to cut the validation part from x_train)",
                  ("data", "split"), on_key=True, fix="remove it")
