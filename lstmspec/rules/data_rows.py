"""LS413: the CSV is too short for the split: a part of it holds no complete sample.

A sample needs `window` rows of inputs and `horizon` rows of targets (plus the rows that
`target_transform` differencing uses up); the rows of each series are divided by
`data.split` in time order (lstmspec/datafacts/windows.py), or whole series go to each part
(`split_by: series`). Counted at lint time for files up to 10 MB.
"""

from __future__ import annotations

from ..datafacts.files import csv_series_facts
from ..datafacts.windows import PARTS, fractions_of, layout, ordered_counts
from ..diagnostics import Finding
from .data_series import need_rows
from .runner_facts import csv_view, data_view

CODE = "LS413"


def check(ctx):
    facts, data = csv_view(ctx), ctx.model.data
    if facts is None or facts.rows is None or data is None:
        return
    need = need_rows(ctx, data)
    lengths = series_lengths(ctx, data) or [facts.rows]
    if not need:
        return
    if max(lengths) < need:
        what = f"its longest series has {max(lengths)} rows" if data.series else \
            f"'{data.path}' has {facts.rows} data rows"
        window = data.window or ctx.model.input.shape[0]
        terms = f"window {window} + horizon {data.horizon}"
        if need > window + data.horizon:
            terms += f" + {need - window - data.horizon} differenced"
        yield Finding(CODE, f"{what}, fewer than one sample needs ({terms} = {need}): use a "
                      "longer series or a shorter window", ("data", "path"))
        return
    fractions = fractions_of(data.split)
    counts = part_counts(lengths, ctx, data, fractions, need)
    for part, fraction in zip(PARTS, fractions):
        if fraction > 0 and counts[part] == 0:
            path = ("data", "split", part) if part in data.split.model_fields_set else \
                ("data", "split") if "split" in data.model_fields_set else ("data",)
            yield Finding(CODE, f"the {part} part of '{data.path}' "
                          f"({describe(lengths, data, part, ctx)})"
                          f" holds no complete sample, which needs its {data.horizon} target "
                          "row(s) inside the part: give it a larger fraction, or shorten the "
                          "window or the horizon", path)


def series_lengths(ctx, data) -> list | None:
    if not data.series:
        return None
    try:
        facts = csv_series_facts(data_view(ctx).path, data.delimiter, data.series, data.time)
    except Exception:  # noqa: BLE001 - an unreadable file is data_file's finding
        return None
    return list(facts.lengths.values()) if facts and facts.lengths else None


def part_counts(lengths: list, ctx, data, fractions, need: int) -> dict:
    window = data.window or ctx.model.input.shape[0]
    counts = dict.fromkeys(PARTS, 0)
    if data.series and data.split_by == "series":
        sizes = ordered_counts(len(lengths), fractions)
        parts = [p for p, size in zip(PARTS, sizes) for _ in range(size)]
        for part, length in zip(parts, lengths):
            counts[part] += max(0, (length - need) // data.stride + 1)
        return counts
    warmup = need - window - data.horizon  # rows differencing uses up at each series' start
    for length in lengths:
        plan = layout(length, window, data.horizon, data.stride, fractions)
        for part in PARTS:
            counts[part] += sum(1 for start in plan.starts(part) if start >= warmup)
    return counts


def describe(lengths: list, data, part: str, ctx) -> str:
    if data.series and data.split_by == "series":
        return f"{len(lengths)} series, split by series"
    if data.series:
        return f"{len(lengths)} series of {min(lengths)}-{max(lengths)} rows, split by time"
    window = data.window or ctx.model.input.shape[0]
    plan = layout(lengths[0], window, data.horizon, data.stride, fractions_of(data.split))
    begin, end = plan.bounds[PARTS.index(part)]
    return f"rows {begin}-{end - 1} of {lengths[0]}"
