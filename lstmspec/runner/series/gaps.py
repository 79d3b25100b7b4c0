"""Gaps (empty cells, and rows missing from the time column's frequency) and what
`data.missing` does with them: error (the default: how many, and where), drop (the windows
that touch a gap are not made; no row is removed, so the spacing stays), ffill (the last value
before the gap) or interpolate (a straight line between the values either side).

`data.max_gap` bounds the gaps that drop/ffill/interpolate may handle: a longer run of
missing rows in one column is an error. Gaps are runs within one series; a fill never reaches
across two series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import DataError

SHOWN = 5  # the first gaps a message names


@dataclass(frozen=True)
class Gap:
    column: int
    begin: int  # first missing row (of the expanded table)
    end: int  # one past the last

    @property
    def length(self) -> int:
        return self.end - self.begin


class Rows:
    """Where a row of the expanded table came from, for messages: its line in the file, or
    (for a row missing from the frequency) the line it follows."""

    def __init__(self, lines: np.ndarray):
        self.lines = lines  # 0 for an inserted row

    def where(self, row: int) -> str:
        line = int(self.lines[row])
        if line:
            return f"line {line}"
        before = self.lines[:row][self.lines[:row] > 0]
        return f"a row missing after line {int(before[-1])}" if len(before) else "row 1"


def find_gaps(values: np.ndarray, segments: list) -> list:
    """Runs of NaN in each column, within each series, in row order."""
    found = []
    for begin, end in segments:
        missing = np.isnan(values[begin:end])
        for column in range(values.shape[1]):
            flags = np.concatenate(([0], missing[:, column].astype(np.int8), [0]))
            edges = np.flatnonzero(np.diff(flags))
            found += [Gap(column, begin + int(a), begin + int(b))
                      for a, b in zip(edges[::2], edges[1::2])]
    return sorted(found, key=lambda g: (g.begin, g.column))


def handle_missing(values: np.ndarray, segments: list, rows: Rows, names: list, where: dict,
                   policy: str, max_gap: int | None, inserted: int,
                   advice: str | None = None) -> np.ndarray:
    """Values with the gaps filled (ffill, interpolate) or left as NaN (drop); raises for
    `error` when there is any gap, and for a gap longer than `max_gap`."""
    gaps = find_gaps(values, segments)
    if not gaps:
        return values
    written = where["written"]
    if policy == "error":
        raise DataError(f"{written}: {describe(gaps, rows, names, inserted)}: " + (
            advice or "set data.missing to drop (skip the windows that touch a gap), ffill or "
            "interpolate, or fill them in the file"))
    if max_gap is not None:
        longest = max(gaps, key=lambda g: g.length)
        if longest.length > max_gap:
            raise DataError(f"{written}, {rows.where(longest.begin)}, column "
                            f"'{names[longest.column]}': a gap of {longest.length} rows, "
                            f"longer than data.max_gap {max_gap}: raise max_gap, or fill the "
                            "gap in the file")
    if policy == "drop":
        return values
    filled = values.copy()
    ends = {end for _, end in segments}
    starts = {begin for begin, _ in segments}
    for gap in gaps:
        column = names[gap.column]
        if gap.begin in starts:
            raise DataError(f"{written}, {rows.where(gap.begin)}, column '{column}': the "
                            f"series starts with a gap, which {policy} cannot fill (there "
                            "is no value before it): remove those rows, or use missing: drop")
        before = filled[gap.begin - 1, gap.column]
        if policy == "ffill":
            filled[gap.begin:gap.end, gap.column] = before
            continue
        if gap.end in ends:
            raise DataError(f"{written}, {rows.where(gap.begin)}, column '{column}': the "
                            "series ends with a gap, which interpolate cannot fill (there is "
                            "no value after it): remove those rows, or use missing: ffill or "
                            "drop")
        after = filled[gap.end, gap.column]
        fraction = np.arange(1, gap.length + 1) / (gap.length + 1)
        filled[gap.begin:gap.end, gap.column] = before + (after - before) * fraction
    return filled


def describe(gaps: list, rows: Rows, names: list, inserted: int) -> str:
    """`59 missing values in column 'co2' (line 8, line 11, ...)`, plus rows missing from the
    frequency."""
    cells = sum(g.length for g in gaps)
    per_column: dict = {}
    for gap in gaps:
        per_column[names[gap.column]] = per_column.get(names[gap.column], 0) + gap.length
    counts = ", ".join(f"{n} in column '{c}'" for c, n in per_column.items())
    firsts: list = []
    for gap in gaps:
        for row in range(gap.begin, gap.end):
            if len(firsts) < SHOWN and rows.where(row) not in firsts:
                firsts.append(rows.where(row))
    if all(text.startswith("line ") for text in firsts):
        shown = ("lines " if len(firsts) > 1 else "line ") + \
            ", ".join(text[5:] for text in firsts)
    else:
        shown = ", ".join(firsts)
    note = f", {inserted} of them row(s) missing from the time column's frequency" \
        if inserted else ""
    return f"{cells} missing value(s) ({counts}{note}), first at {shown}"


def usable_rows(values: np.ndarray) -> np.ndarray:
    """Rows without any NaN: the rows a window may use."""
    return ~np.isnan(values).any(axis=1)
