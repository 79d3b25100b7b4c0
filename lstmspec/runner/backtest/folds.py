"""The folds of a backtest: where each origin lies in every series, and the files a fold
trains and is scored on, cut from the data file by its own lines (so that the fold's run
reads them exactly as `run` reads the whole file). NumPy only."""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from ...datafacts.windows import default_window
from ..errors import CommandError


class BacktestRefused(CommandError):
    """The config or its data cannot be backtested as asked (LS653)."""

    code = "LS653"


@dataclass(frozen=True)
class Fold:
    number: int  # 1..K
    back: int  # rows from the origin to the end of each series
    folder: str


def plan(folds: int, step: int, horizon: int, out_dir: str) -> list:
    """Fold k forecasts the `horizon` rows from `back_k` rows before each series' end."""
    return [Fold(k, horizon + (folds - k) * step, os.path.join(out_dir, f"fold-{k}"))
            for k in range(1, folds + 1)]


def check(model, rows) -> None:
    """Refuse what a fold cannot be made of: not one CSV series file, or streamed. A model
    with several inputs (data.inputs) is backtested like any other: each fold's run cuts
    them as `run` does, and its forecast reads the covariates of the rows after the origin
    that an input of the forecast rows (rows: future) needs from the fold's data, as
    `forecast --future` would; such an input that reads a target would read the very values
    the fold is scored on, so it is refused (`forecast` refuses it too, LS660)."""
    data = model.data
    if data is None or data.kind != "csv":
        raise BacktestRefused("backtest cuts a CSV series at each origin; this config's data "
                              f"is {data.kind if data else 'missing'}: use a CSV file")
    if data.stream or any(c in data.path for c in "*?["):
        raise BacktestRefused("backtest needs one CSV file (not a glob, not data.stream)")
    leaks = [f"{name} reads {column}" for name, given in (data.inputs or {}).items()
             if given.rows == "future" for column in given.columns if column in data.targets]
    if leaks:
        raise BacktestRefused(f"data.inputs: {', '.join(leaks)} over the rows forecast "
                              "(rows: future), a target: each fold would be scored on values "
                              "its model was fed; feed inputs of the forecast rows only "
                              "covariates known in advance")


def shortest(rows) -> int:
    return min(end - begin for begin, end in rows.table.segments)


def check_room(model, rows, folds: list) -> None:
    """The first fold must leave enough rows before its origin to train and validate."""
    data = model.data
    window = data.window or default_window(model)
    warmup = data.target_transform.warmup if data.target_transform else 0
    least = (window + data.horizon + warmup) * 3
    room = shortest(rows) - folds[0].back
    if room < least:
        raise BacktestRefused(f"the first fold's origin leaves {room} rows of the shortest "
                              f"series before it, fewer than {least} (three windows of "
                              f"{window} + horizon {data.horizon}) to train and validate on: "
                              "use fewer --folds or a smaller --step")


def cut_lines(rows, back: int, extra: int = 0) -> list:
    """The file lines of every series' rows before its origin (`back` rows from its end),
    plus `extra` rows after it; rows inserted for missing times have no line."""
    lines = rows.table.rows.lines
    kept = []
    for begin, end in rows.table.segments:
        stop = end - back + extra
        kept += [int(v) for v in lines[begin:stop] if v > 0]
    return sorted(kept)


def write_cut(source: str, target: str, lines: list) -> None:
    with open(source, encoding="utf-8", newline="") as handle:
        text = handle.read().splitlines(keepends=True)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write(text[0])
        handle.writelines(text[n - 1] for n in lines)


def fold_config(config_path: str, target: str, data_file: str) -> None:
    """The config with its data cut and no test part: the validation fraction kept in
    proportion, nothing else changed (layers, compile, train)."""
    with open(config_path, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config.pop("tune", None)
    split = config["data"].get("split") or {}
    train, validation = split.get("train", 0.7), split.get("validation", 0.15)
    config["data"]["path"] = os.path.basename(data_file)
    kept = round(validation / (train + validation), 9)
    config["data"]["split"] = {"train": round(1.0 - kept, 9), "validation": kept}
    config["output"] = {**(config.get("output") or {}), "dir": "run", "plots": False,
                        "export": []}
    with open(target, "w", encoding="utf-8") as handle:
        yaml.safe_dump(config, handle, sort_keys=False)
