"""LS408: an Embedding in front of data that is not integer token ids.

An Embedding looks values up by integer id; Keras casts whatever it is given to int32, so
normalised CSV values or float arrays silently become ids 0, 1, -1...
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..datafacts.npz_layout import X_NAMES
from .runner_facts import npz_array, npz_view

CODE = "LS408"


def check(ctx):
    data = ctx.model.data
    first = ctx.inference.layers[0]
    if data is None or not first.core.TOKEN_IDS:
        return
    if data.kind in ("csv", "parquet"):
        yield Finding(CODE, f"layer {first.index} '{first.name}' is an Embedding, which looks up "
                      "integer token ids, but CSV data gives windows of (normalised) float "
                      "values: use npz data with integer x, or start with a recurrent or Dense "
                      "layer", ("data", "kind"))
        return
    facts = npz_view(ctx) if data.kind == "npz" else None
    x = npz_array(facts, X_NAMES) if facts else None
    if x is not None and x.numeric and not x.is_integer:
        yield Finding(CODE, f"layer {first.index} '{first.name}' is an Embedding, which looks up "
                      f"integer token ids, but array {x.name} holds {x.descr[1:]} floats: save "
                      "the token ids as integers (int32)", ("data", "path"))
