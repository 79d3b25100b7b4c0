"""What the editor shows of a config's data file: the columns of a CSV header or a Parquet
footer, the arrays of an NPZ. Read as lint's data rules read them (rules/runner_facts.py, on
lstmspec/datafacts/), so the editor offers exactly the names lint accepts."""

from __future__ import annotations

import os

from ..datafacts.files import CsvFacts, NpzFacts
from ..rules import RuleContext
from ..rules.runner_facts import data_view
from ..spec.shapes import fmt

MAX_SHOWN = 40  # columns or arrays listed in a hover
PROBLEMS = {"missing": "it does not exist",
            "outside": "not read: it is outside the project (LS012; see `data-roots`)"}


def view_of(analysis):
    """The data section's file with its facts; None without a validated data section."""
    result = analysis.result
    model = getattr(result, "model", None)
    if model is None or model.data is None:
        return None
    return data_view(RuleContext(model, result.inference, config_path=analysis.source.path,
                                 access=analysis.access))


def columns(analysis) -> list[str]:
    view = view_of(analysis)
    return list(view.facts.columns) if view and isinstance(view.facts, CsvFacts) else []


def arrays(analysis) -> dict:
    """name -> ArrayHeader of the NPZ file's arrays ({} for another kind of data)."""
    view = view_of(analysis)
    return dict(view.facts.arrays) if view and isinstance(view.facts, NpzFacts) else {}


def array_text(header) -> str:
    return f"{fmt(tuple(header.shape))} {header.dtype}"


def data_file_text(analysis) -> str | None:
    """Hover on `data.path`: what lint read of the file."""
    view = view_of(analysis)
    if view is None or view.kind == "synthetic":
        return None
    name = os.path.basename(view.path)
    if view.error is not None:
        return f"**{name}**: {PROBLEMS.get(view.error, view.error)}"
    if isinstance(view.facts, NpzFacts):
        items = [f"- `{n}`: {array_text(h)}" for n, h in view.facts.arrays.items()]
        what = f"{len(items)} array{'s' * (len(items) != 1)}"
    else:
        items = [f"- `{c}`" for c in view.facts.columns]
        rows = f", {view.facts.rows:,} rows" if view.facts.rows is not None else ""
        what = f"{len(items)} column{'s' * (len(items) != 1)}{rows}"
    more = [f"- ... {len(items) - MAX_SHOWN} more"] if len(items) > MAX_SHOWN else []
    return "\n".join([f"**{name}** ({view.kind}): {what}", "", *items[:MAX_SHOWN], *more])
