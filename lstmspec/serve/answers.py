"""A predict or forecast table (the CLI's CSV: header and text cells) as the service's JSON
answer: `{"rows": [{column: value}], "notes": [...]}` with the CLI's columns, in its order.
A number is the CLI's cell read back (so it equals the CSV's number exactly), a count is an
integer, a time, a series id and `source` stay the text the CSV holds, an empty cell is
null; a value that is not finite stays the CLI's text ("nan"), which JSON cannot hold."""

from __future__ import annotations

import math

from ..runner.data.preparation import Preparation
from ..runner.series import columns
from ..runner.use.predicting import Table

COUNTS = ("step", "row")  # a series run: the forecast's step, the row number without time
CLASSES = (columns.label(""), columns.predicted_class(""))  # an NPZ classifier's classes


def kinds(prep: Preparation, header: list) -> list:
    """Per column: str (kept as written), int or float."""
    text = {prep.time, prep.series_column, "source"} - {None}
    def count(name: str) -> bool:
        return name in COUNTS if prep.series else name.startswith(CLASSES)

    return [str if name in text else int if count(name) else float for name in header]


def value(cell: str, kind: type):
    if cell == "":
        return None
    if kind is str:
        return cell
    number = kind(cell)
    return number if kind is int or math.isfinite(number) else cell


def answer(prep: Preparation, table: Table) -> dict:
    header = table.header
    types = kinds(prep, header)
    rows = [{name: value(cell, kind) for name, cell, kind in zip(header, row, types)}
            for row in table.rows]
    return {"rows": rows, "notes": list(table.notes)}
