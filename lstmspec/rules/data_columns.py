"""LS403: a column named in `data.features`, `data.targets`, `data.time` or `data.series` is not
in the CSV header. Reported on the entry that names it, with the closest column name; for
`time`, a column with an empty header (a pandas index) is offered as `time: ''`."""

from __future__ import annotations

from ..datafacts.files import shown_columns
from ..diagnostics import Finding
from ..suggest import closest
from .runner_facts import csv_view

CODE = "LS403"


def check(ctx):
    facts = csv_view(ctx)
    if facts is None:
        return
    data = ctx.model.data
    columns = list(facts.columns)
    named = [("features", i, c) for i, c in enumerate(data.features)]
    named += [("targets", i, c) for i, c in enumerate(data.targets)]
    named += [(key, None, getattr(data, key)) for key in ("time", "series")
              if getattr(data, key) is not None]
    for key, index, column in named:
        if column in columns:
            continue
        guess = closest(column, [c for c in columns if c])
        hint = f"; did you mean '{guess}'?" if guess else ""
        if "" in columns and key == "time" and not guess:
            guess = "''"
            hint = (f"; column {columns.index('') + 1} has an empty header (as pandas writes "
                    "its index): name it with the empty name, quoted: time: ''")
        shown = shown_columns(columns, [c for _, _, c in named])
        listed = f"its columns: {shown}" if shown else "its first line names none of the " \
            "config's columns: is it the data file?"
        path = ("data", key) + ((index,) if index is not None else ())
        yield Finding(CODE, f"column '{column}' is not in the CSV header of '{data.path}' "
                      f"({listed}){hint}", path,
                      fix=f"write {guess}" if guess else None)
