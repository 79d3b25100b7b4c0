"""What a backtest leaves: backtest.json (each fold's scores, their mean and spread, and the
scores of all folds' forecasts pooled, on which --require-beats is judged), backtest.csv
(every forecast with its fold and origin) and backtest.png (the folds over the data)."""

from __future__ import annotations

import csv
import io
import os

import numpy as np

from ...source.atomic import write_bytes, write_json, write_text
from ..series import columns
from ..series.scores import Forecasts, original_units
from ..series.verdict import score_lines, verdict
from .scoring import read_forecasts

SCALARS = ("mae", "rmse", "smape", "mase", "naive_mae", "naive_rmse", "naive_mase",
           "seasonal_naive_mae", "seasonal_naive_mase")


def spread(folds: list) -> tuple[dict, dict]:
    """The mean and the standard deviation (population) of each score over the folds that
    have it."""
    mean, std = {}, {}
    for key in SCALARS:
        values = [f[key] for f in folds if f.get(key) is not None]
        if values:
            mean[key], std[key] = float(np.mean(values)), float(np.std(values))
    return mean, std


def write_outputs(out_dir: str, scores: list, rows, data, options, echo) -> dict:
    folds = [{"fold": s["fold"], "origin": s["origin"], **s["units"]} for s in scores]
    mean, std = spread(folds)
    pooled = original_units(tuple(data.targets), Forecasts.joined(
        [read_forecasts(os.path.join(out_dir, f"fold-{s['fold']}", "forecasts.npz"))
         for s in scores]))
    out = {"folds": folds, "mean": mean, "std": std, "pooled": pooled,
           "horizon": data.horizon, "step": options.step or data.horizon,
           "refit": options.refit}
    write_json(os.path.join(out_dir, "backtest.json"), out)
    write_text(os.path.join(out_dir, "backtest.csv"), table(scores, data))
    write_bytes(os.path.join(out_dir, "backtest.png"), picture(scores, rows, data))
    echo(f"Over {len(folds)} folds: MAE {mean.get('mae', float('nan')):.4g} +- "
         f"{std.get('mae', float('nan')):.3g}"
         + (f", MASE {mean['mase']:.4g} +- {std['mase']:.3g}" if "mase" in mean else ""))
    for line in score_lines(pooled):
        echo(line.replace("in the original units", "all folds pooled", 1))
    echo(verdict(pooled))
    echo(f"Backtest in {out_dir}{os.sep}: backtest.json  backtest.csv  backtest.png")
    return out


def table(scores: list, data) -> str:
    """backtest.csv: fold, origin, (series), time, step, then each target's actual and
    forecast value."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    head = ["fold", "origin"] + ([data.series] if data.series else []) + \
        [data.time or "row", "step"]
    head += columns.actual_and_predicted(data.targets, 1)  # one row per step
    writer.writerow(head)
    for s in scores:
        steps = {}
        for name, label, actual, guess in s["rows"]:
            steps[name] = steps.get(name, 0) + 1
            cells = [f"{v:.9g}" for pair in zip(actual, guess) for v in pair]
            writer.writerow([s["fold"], s["origin"]] + ([name] if data.series else []) +
                            [label, steps[name]] + cells)
    return text.getvalue()


def picture(scores: list, rows, data) -> bytes:
    """The first series' first target over the backtested rows, each fold's forecast on it."""
    from ...figures import png, pyplot

    plt = pyplot()
    begin, end = rows.table.segments[0]
    first = min(s["fold"] for s in scores)
    back = max(len([r for r in s["rows"] if r[0] == s["rows"][0][0]]) for s in scores)
    shown = max(begin, end - 4 * back * len(scores) - 24)
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot(range(shown - begin, end - begin), rows.raw_targets[shown:end, 0], color="black",
            lw=1, label=f"{data.targets[0]} (actual)")
    labels = rows.labels[begin:end] if rows.table.labels else None
    for s in scores:
        own = [r for r in s["rows"] if r[0] == s["rows"][0][0]]
        where = [labels.index(r[1]) if labels and r[1] in labels else None for r in own]
        if None in where:
            continue
        ax.plot(where, [r[3][0] for r in own], marker=".", lw=1.5,
                label=f"fold {s['fold']}" if s["fold"] - first < 8 else None)
    ax.set_xlabel(f"row of {rows.table.series_names[0] or 'the series'}")
    ax.set_title(f"backtest: {len(scores)} folds, horizon {data.horizon}")
    ax.legend(fontsize=7, ncol=3)
    ax.grid(alpha=0.3)
    return png(fig)
