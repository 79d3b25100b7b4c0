"""What `run`, `evaluate` and `backtest` say about a series model's scores (series/scores.py):
one line per target (and series), the verdict against the stronger baseline, and the gate of
`--require-beats`."""

from __future__ import annotations

SERIES_SHOWN = 10  # per-series lines printed; metrics.json holds them all
BASELINES = ("naive", "seasonal_naive")


def num(value, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:.4g}{suffix}"


def describe(baseline: str, season: int | None) -> str:
    if baseline == "naive":
        return "the naive forecast (the last value repeated)"
    return f"the seasonal naive forecast (the value one season, {season} rows, before)"


def units_line(label: str, s: dict) -> str:
    """`label: MAE .., RMSE .., sMAPE ..%, MASE .. (naive: ..; seasonal naive: ..)`."""
    text = (f"{label}: MAE {num(s['mae'])}, RMSE {num(s['rmse'])}, sMAPE "
            f"{num(s['smape'], '%')}, MASE {num(s['mase'])} (naive: MAE {num(s['naive_mae'])}, "
            f"RMSE {num(s['naive_rmse'])}, MASE {num(s['naive_mase'])}")
    if "seasonal_naive_mae" in s:
        text += (f"; seasonal naive: MAE {num(s['seasonal_naive_mae'])}, MASE "
                 f"{num(s['seasonal_naive_mase'])}")
        if "seasonal_naive_windows" in s:
            text += (f", on the {s['seasonal_naive_windows']} window(s) with a season of "
                     f"history, where the model's MAE is {num(s['mae_on_those_windows'])}")
    return text + ")"


def score_lines(units: dict, indent: str = "  ") -> list:
    """The pooled line, then one per target, then one per series (the first ten)."""
    lines = [units_line(indent + pooled_label(units), units)]
    per_series = units.get("per_series") or {}
    if units.get("mase") is None and units.get("mase_note"):
        lines.append(f"{indent}  MASE {units['mase_note']}")
    for name, scores in (units.get("per_target") or {}).items():
        lines.append(units_line(f"{indent}{name}", scores))
    for k, (name, scores) in enumerate(per_series.items()):
        if k == SERIES_SHOWN:
            lines.append(f"{indent}... {len(per_series) - k} more series in metrics.json "
                         "(per_series)")
            break
        lines.append(units_line(f"{indent}series {name}", scores))
    band = units.get("interval")
    if band and band.get("coverage") is not None:
        lines.append(f"{indent}{band['level']:.0%} conformal interval (from "
                     f"{band['validation_windows']} validation windows): coverage "
                     f"{band['coverage']:.1%} of the test values, mean width "
                     f"{num(band['mean_width'])}")
    return lines


def pooled_label(units: dict) -> str:
    """What the first line pools: several series or targets add up their own units."""
    over = [f"{len(units[key])} {noun}" for key, noun in (("per_series", "series"),
                                                         ("per_target", "targets"))
            if len(units.get(key) or ()) > 1]
    if not over:
        return "in the original units"
    return (f"pooled over {' and '.join(over)} (MAE and RMSE add up their own units; sMAPE "
            "and MASE are scale-free)")


def cells(units: dict) -> list:
    """(label, scores) of each target of each series: the cells every verdict is over."""
    per_series = units.get("per_series")
    if per_series:
        return [(f"series {name}" + (f" {target}" if target else ""), scores)
                for name, block in per_series.items()
                for target, scores in (block.get("per_target") or {"": block}).items()]
    return list((units.get("per_target") or {"": units}).items())


def shortfall(units: dict, baseline: str) -> str:
    """The cells where the model does not beat `baseline`, as `X MAE a vs b; ...`."""
    theirs = "naive_mae" if baseline == "naive" else "seasonal_naive_mae"
    mine = "mae" if baseline == "naive" else None
    shown = []
    for label, s in cells(units):
        if s.get(f"beats_{baseline}") is True:
            continue
        own = s[mine] if mine else s.get("mae_on_those_windows", s["mae"])
        shown.append(f"{label + ' ' if label else ''}MAE {num(own)} vs {num(s.get(theirs))}")
    more = f" (and {len(shown) - 3} more)" if len(shown) > 3 else ""
    return "; ".join(shown[:3]) + more


def versus(units: dict, baseline: str) -> str:
    key = "mase" if units.get("mase") is not None and \
        units.get(f"{baseline}_mase") is not None else "mae"
    return f"{key.upper()} {num(units[key])} vs {num(units.get(f'{baseline}_{key}'))}"


def verdict(units: dict) -> str:
    """One line: the model against the stronger baseline (and the other, where it loses)."""
    season = units.get("season")
    strong = units.get("stronger_baseline", "naive")
    weak = "naive" if strong == "seasonal_naive" else "seasonal_naive"
    where = "every target" + (" of every series" if units.get("per_series") else "")
    result = units.get(f"beats_{strong}")
    which = ", the stronger baseline here" if season else ""
    if result is None:
        return (f"warning: cannot tell whether the model beats {describe(strong, season)}: "
                "a target has no score (see metrics.json)")
    if not result:
        return (f"warning: the model does not beat {describe(strong, season)}{which}: "
                f"{shortfall(units, strong)}; try a longer window, more epochs, or a "
                "target_transform (difference: 1, or lag: the season)")
    line = f"Verdict: the model beats {describe(strong, season)}{which}" + \
        ("," if which else "") + f" on {where}: {versus(units, strong)}"
    if units.get(f"beats_{weak}") is False:
        line += f"; but not {describe(weak, season)} on {shortfall(units, weak)}"
    if season is None:
        line += " (no season: set data.season to compare with a seasonal naive forecast)"
    return line


def gate_failure(units: dict, baseline: str) -> str | None:
    """Why the model fails `--require-beats baseline`, or None when it beats it everywhere."""
    if baseline == "seasonal_naive" and units.get("season") is None:
        return ("--require-beats seasonal_naive: this run has no season (years, plain steps, "
                "or data.season: 1): set data.season, or require naive")
    result = units.get(f"beats_{baseline}")
    if result is True:
        return None
    why = shortfall(units, baseline) if result is False else \
        "a target has no score to compare (see metrics.json)"
    return (f"--require-beats {baseline}: the model does not beat "
            f"{describe(baseline, units.get('season'))} on every target"
            + (" and series" if units.get("per_series") else "") + f": {why}")


def negative_note(targets, never_negative, values) -> str | None:
    """A note when forecasts (`values`: (..., targets) in the original units) of a target that
    the data never has below zero go below zero."""
    found = []
    for t, name in enumerate(targets):
        below = values[..., t] < 0
        if name in never_negative and below.any():
            found.append(f"{int(below.sum())} of {below.size} forecasts of '{name}' are below "
                         f"zero (the lowest {float(values[..., t].min()):.4g})")
    if not found:
        return None
    return (f"note: {'; '.join(found)}, which the training data never is: clip them at 0 "
            "where a negative value is impossible, or train with data.target_transform: "
            "{log1p: true} (its forecasts stay above -1)")
