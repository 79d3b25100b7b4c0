"""LS413: the CSV is too short for the split: a part of it holds no complete sample.

A sample needs `window` rows of inputs and `horizon` rows of targets; the rows are divided by
`data.split` in time order (lstmspec/windows.py). Counted at lint time for files up to 10 MB.
"""

from __future__ import annotations

from ..diagnostics import Finding
from ..windows import PARTS, fractions_of, layout
from .runner_facts import csv_view

CODE = "LS413"


def check(ctx):
    facts, data = csv_view(ctx), ctx.model.data
    window = (data.window or ctx.model.input.shape[0]) if data else None
    if facts is None or facts.rows is None or not window:
        return
    need = window + data.horizon
    if facts.rows < need:
        yield Finding(CODE, f"'{data.path}' has {facts.rows} data rows, fewer than one sample "
                      f"needs (window {window} + horizon {data.horizon} = {need}): use a "
                      "longer series or a shorter window", ("data", "path"))
        return
    fractions = fractions_of(data.split)
    plan = layout(facts.rows, window, data.horizon, data.stride, fractions)
    for part, fraction, (begin, end) in zip(PARTS, fractions, plan.bounds):
        if fraction > 0 and plan.count(part) == 0:
            path = ("data", "split", part) if part in data.split.model_fields_set else \
                ("data", "split") if "split" in data.model_fields_set else ("data",)
            yield Finding(CODE, f"the {part} part of '{data.path}' (rows {begin}-{end - 1} of "
                          f"{facts.rows}) holds no complete sample, which needs its {data.horizon}"
                          f" target row(s) inside the part: give it a larger fraction, or "
                          "shorten the window or the horizon", path)
