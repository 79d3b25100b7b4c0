"""`lstmspec run` end to end on the real series shipped in examples/data (in this process,
2-3 epochs): Mauna Loa CO2 with its gaps and differenced targets, and Grunfeld's panel of
eleven firms. Checks that the written predictions are in the file's own units, one row per
firm and year, and that the naive-forecast verdict matches the metrics."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from cli_support import ROOT, lstmspec

pytestmark = pytest.mark.tf
EXAMPLES = ROOT / "examples"


def short_copy(folder, name: str, epochs: int, replace: dict | None = None):
    """The example config with fewer epochs, next to a copy of examples/data."""
    text = (EXAMPLES / name).read_text()
    text = text.replace("epochs: 30", f"epochs: {epochs}").replace("epochs: 40",
                                                                   f"epochs: {epochs}")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if not (folder / "data").exists():
        shutil.copytree(EXAMPLES / "data", folder / "data")
    (folder / name).write_text(text)
    return folder / name


def file_rows(name: str) -> list:
    with open(EXAMPLES / "data" / name, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("real")


def test_co2_with_gaps_differenced_and_calendar(capsys, folder):
    config = short_copy(folder, "co2_weekly.yaml", 2)
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(folder / "co2"))
    assert ran.code == 0, ran.err
    metrics = json.loads((folder / "co2" / "metrics.json").read_text())
    units = metrics["original_units"]
    assert units["beats_naive"] == (units["mae"] < units["naive_mae"])
    assert units["season"] == 52  # weekly rows: a year of weeks
    assert units["beats_seasonal_naive"] == (units["mae"] < units["seasonal_naive_mae"])
    strong = units["stronger_baseline"]
    assert units[f"{strong}_mase"] == min(units["naive_mase"], units["seasonal_naive_mase"])
    verdicts = [line for line in ran.out.splitlines() if "the stronger baseline here" in line]
    assert len(verdicts) == 1 and verdicts[0].startswith(
        "Verdict: the model beats" if units[f"beats_{strong}"] else "warning: the model does")
    with open(folder / "co2" / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == metrics["samples"] == 342
    in_file = {r["date"]: r["co2"] for r in file_rows("co2.csv")}
    # every actual value written back is the file's own (no test week falls in a gap)
    assert all(float(r["co2"]) == float(in_file[r["date"]]) for r in written)
    predicted = [float(r["co2_predicted"]) for r in written]
    assert 340 < min(predicted) and max(predicted) < 390  # ppm, not weekly changes
    prep = json.loads((folder / "co2" / "preparation.json").read_text())
    assert prep["calendar"] == ["day_of_year", "month"]
    assert prep["target_transform"] == {"log": False, "log1p": False, "difference": 1, "lag": 1}
    assert prep["missing"] == "interpolate" and prep["max_gap"] == 20


def test_level_model_that_loses_to_naive_says_so_in_one_line(capsys, folder):
    config = short_copy(folder, "co2_weekly.yaml", 1, {
        "  target_transform: {difference: 1}   # learn the weekly change; reported back in ppm\n":
        ""})
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(folder / "level"))
    assert ran.code == 0, ran.err
    units = json.loads((folder / "level" / "metrics.json").read_text())["original_units"]
    assert units["stronger_baseline"] == "naive" and units["beats_naive"] is False
    lines = [line for line in ran.out.splitlines() if "the stronger baseline here" in line]
    assert len(lines) == 1 and lines[0].startswith(
        "warning: the model does not beat the naive forecast (the last value repeated)")
    assert f": MAE {units['mae']:.4g} vs {units['naive_mae']:.4g}; " in lines[0]
    assert "target_transform (difference: 1" in lines[0]


def test_grunfeld_panel_per_firm_run_then_evaluate_predict_forecast(capsys, folder):
    config = short_copy(folder, "grunfeld_panel.yaml", 2)
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(folder / "panel"))
    assert ran.code == 0, ran.err
    metrics = json.loads((folder / "panel" / "metrics.json").read_text())
    per_target = metrics["original_units"]["per_target"]
    assert set(per_target) == {"invest", "value"}
    per_series = metrics["original_units"]["per_series"]
    assert len(per_series) == 11 and metrics["original_units"]["season"] is None  # years
    cells = [c for firm in per_series.values() for c in firm["per_target"].values()]
    assert len(cells) == 22
    assert metrics["original_units"]["beats_naive"] == all(
        c["mae"] < c["naive_mae"] for c in cells)
    for name, target in per_target.items():  # a target's verdict is over every firm
        assert target["beats_naive"] == all(
            firm["per_target"][name]["mae"] < firm["per_target"][name]["naive_mae"]
            for firm in per_series.values())
    assert "  invest: MAE" in ran.out and "  value: MAE" in ran.out
    assert "  pooled over 11 series and 2 targets (MAE and RMSE add up" in ran.out
    with open(folder / "panel" / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    in_file = {(r["firm"], r["year"]): r for r in file_rows("grunfeld.csv")}
    assert list(written[0])[:3] == ["firm", "year", "invest"]
    assert len({r["firm"] for r in written}) == 11
    for row in written:  # 20 years cut 60/20/20: each firm's test years are 1951-1954
        assert 1951 <= int(row["year"]) <= 1954
        assert float(row["invest"]) == float(in_file[(row["firm"], row["year"])]["invest"])
    assert (folder / "panel" / "forecast.png").stat().st_size > 10_000
    # the trained run on new data: evaluate, predict and forecast per firm
    run_dir = folder / "panel"
    rows = file_rows("grunfeld.csv")
    # the test part of each firm: its last 4 years, with the 5 years before as the window
    tail = [r for r in rows if int(r["year"]) >= 1946]
    part = folder / "test_years.csv"
    with open(part, "w", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(tail)
    ran = lstmspec(capsys, "evaluate", str(run_dir), "--data", str(part), "--format", "json")
    assert ran.code == 0, ran.err
    scores = json.loads(ran.out)
    assert scores["samples"] == metrics["samples"] == 44
    assert scores["loss"] == pytest.approx(metrics["loss"], rel=1e-4)
    for name in ("invest", "value"):
        assert scores["original_units"]["per_target"][name]["mae"] == pytest.approx(
            metrics["original_units"]["per_target"][name]["mae"], rel=1e-4)
    for firm, own in per_series.items():  # each firm's scores, MASE by its stored scale
        got = scores["original_units"]["per_series"][firm]
        for key in ("mae", "rmse", "smape", "mase", "naive_mae", "naive_mase"):
            assert got[key] == pytest.approx(own[key], rel=1e-4), (firm, key)
        assert got["beats_naive"] == own["beats_naive"]
    predicted = lstmspec(capsys, "predict", str(run_dir), "--data", str(part))
    assert predicted.code == 0, predicted.err
    table = list(csv.DictReader(predicted.out.splitlines()))
    assert list(table[0])[:2] == ["firm", "year"] and len({r["firm"] for r in table}) == 11
    ahead = lstmspec(capsys, "forecast", str(run_dir), "--steps", "1", "--data", str(part))
    assert ahead.code == 0, ahead.err
    next_year = list(csv.DictReader(ahead.out.splitlines()))
    assert [r["firm"] for r in next_year] == list(dict.fromkeys(r["firm"] for r in rows))
    assert {r["year"] for r in next_year} == {"1955"}
