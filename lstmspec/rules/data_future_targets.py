"""LS490: an input of the rows forecast (`data.inputs.<name>: {rows: future}`) that reads a
column of `data.targets`. Such an input is for covariates known in advance (a calendar, a
planned price); reading a target there trains the model with the very values it forecasts
among its inputs (target leakage): its scores look excellent and mean nothing, and `forecast`
(LS660) and `backtest` (LS653) refuse the run later. Reported on the column's entry, before
anything trains; a past input reading a target is ordinary autoregression and is left alone."""

from __future__ import annotations

import re

from ..diagnostics import Finding

CODE = "LS490"
# A name written as-is in a fix text: an identifier YAML reads back as the same string.
PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def check(ctx):
    data = ctx.model.data
    if data is None or data.inputs is None or not data.targets:
        return
    targets = set(data.targets)
    for name, spec in data.inputs.items():
        if spec.rows != "future":
            continue
        read = [c for c in spec.columns if c in targets]
        fix = leak_fix(ctx, name, spec.columns, targets)
        for index, column in enumerate(spec.columns):
            if column in targets:
                yield Finding(CODE, message(name, column, read), ("data", "inputs", name,
                                                                  "columns", index), fix=fix)


def message(name: str, column: str, read: list) -> str:
    return (f"data.inputs.{name} reads target {column} over the rows forecast (rows: future): "
            "the model would see the very values it forecasts among its inputs (target "
            "leakage: training scores that look excellent and mean nothing; forecast and "
            "backtest refuse such a run); an input of the forecast rows is for covariates "
            f"known in advance: drop {', '.join(read)} from its columns (an input of past "
            "rows may read targets)")


def leak_fix(ctx, name: str, columns: list, targets: set) -> str:
    """The edit that removes the targets from the input's columns, and the input's width to
    match when its shape gave the old one; a choice when no covariate is left."""
    kept = [c for c in columns if c not in targets]
    if not kept or not PLAIN.fullmatch(name):
        return ("choose: give the input covariates known in advance (features that are not "
                f"targets) in data.inputs.{name}.columns, with its width in inputs.{name}"
                ".shape, read the targets over past rows (rows: past), or remove the input")
    fix = f"set data.inputs.{name}.columns: [{', '.join(map(written, kept))}]"
    declared = (ctx.model.inputs or {}).get(name)
    shape = list(declared.shape) if declared is not None else []
    if len(shape) == 2 and shape[-1] == len(columns):
        width = ", ".join("null" if s is None else str(s) for s in shape[:-1] + [len(kept)])
        fix += f"; then set inputs.{name}.shape: [{width}]"
    return fix


def written(column: str) -> str:
    """A column name as a YAML flow list item: plain when that reads back as itself."""
    if PLAIN.fullmatch(column) and column.lower() not in YAML_WORDS:
        return column
    escaped = column.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
