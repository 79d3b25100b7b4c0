"""Time and series end to end (real TensorFlow, tiny models trained once in this process):
half-hourly data stamped +01:00 with rows missing, five US aggregates of statsmodels'
macrodata in one long file read as quarters (`series`, log + difference, per-series
statistics), a run with `missing: drop`, and a CSV whose time column has an empty header.
Each command on the run's own data answers in the data's own time form, reproduces the
run's predictions.csv and metrics.json, and prints nothing but what it was asked for."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime, timedelta, timezone

import pytest
from cli_support import lstmspec, lstmspec_outside_a_test

pytestmark = pytest.mark.tf

MODEL = """\
input: {{shape: [{window}, {width}]}}
layers:
  - {{type: LSTM, units: 4}}
  - {{type: Dense, units: {units}}}
compile: {{optimizer: {{name: adam, learning_rate: 0.01}}, loss: mse}}
train: {{epochs: 1, batch_size: 32, seed: 1}}
output: {{plots: false}}
data:
"""
PARIS = timezone(timedelta(hours=1))


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def file_rows(path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def train_one(folder, name: str, data: str, window: int, width: int, units: int = 1):
    config = folder / f"{name}.yaml"
    config.write_text(MODEL.format(window=window, width=width, units=units) +
                      "".join(f"  {line}\n" for line in data.strip().splitlines()))
    ran = lstmspec_outside_a_test("run", str(config), "-q", "-o", str(folder / name))
    assert ran.code == 0, ran.err
    return folder / name


def half_hourly(folder) -> None:
    with open(folder / "load.csv", "w") as handle:
        handle.write("time,load\n")
        start = datetime(2021, 5, 1, tzinfo=PARIS)
        for i in range(300):
            if i not in (150, 151):  # two rows missing from the frequency
                moment = (start + timedelta(minutes=30 * i)).isoformat(sep=" ")
                handle.write(f"{moment},{5 + math.sin(i / 8):.4f}\n")


def macro_long(folder) -> None:
    from statsmodels.datasets import macrodata

    frame = macrodata.load_pandas().data
    with open(folder / "macro.csv", "w") as handle:
        handle.write("series,quarter,value\n")
        for name in ("realgdp", "realcons", "realinv", "realgovt", "realdpi"):
            for _, row in frame.iterrows():
                handle.write(f"{name},{int(row.year)} Q{int(row.quarter)},{row[name]}\n")


def with_holes(folder) -> None:
    with open(folder / "holes.csv", "w") as handle:
        handle.write("day,v\n")
        for i in range(200):
            value = "" if i in (60, 130) else f"{10 + math.sin(i / 6):.4f}"
            handle.write(f"{date(2020, 1, 1) + timedelta(days=i)},{value}\n")


def pandas_index(folder) -> None:
    with open(folder / "index.csv", "w") as handle:
        handle.write(",KSI,label\n")
        for i in range(120):
            handle.write(f"{1990 + i // 12}-{1 + i % 12:02d},{5 + math.sin(i / 5):.3f},{i % 2}\n")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("time")
    half_hourly(folder)
    macro_long(folder)
    with_holes(folder)
    pandas_index(folder)
    return {
        "offset": train_one(folder, "offset", """
kind: csv
path: load.csv
time: time
features: [load]
targets: [load]
missing: interpolate
calendar: [hour]
""", 12, 3),
        "macro": train_one(folder, "macro", """
kind: csv
path: macro.csv
time: quarter
series: series
features: [value]
targets: [value]
normalize_scope: series
target_transform: {log: true, difference: 1}
""", 8, 1),
        "holes": train_one(folder, "holes", """
kind: csv
path: holes.csv
time: day
features: [v]
targets: [v]
missing: drop
""", 6, 1),
        "index": train_one(folder, "index", """
kind: csv
path: index.csv
time: ''
features: [KSI]
targets: [KSI]
""", 6, 1),
    }


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def assert_reproduces(predicted: list[dict], written: list[dict], key: tuple) -> None:
    """Every row of predictions.csv is a row of predict's answer, with the same values."""
    again = {tuple(row[k] for k in key): row for row in predicted}
    assert written and len(again) == len(predicted)
    for row in written:
        other = again[tuple(row[k] for k in key)]
        for column, value in row.items():
            if column.endswith("_predicted"):
                assert float(other[column]) == pytest.approx(float(value), rel=1e-6, abs=1e-6)
            else:
                assert other[column] == value, column


def assert_same_numbers(expected, got, where: str = "metrics.json") -> None:
    """Every value of `expected` in `got`: numbers to 1e-5 (Keras averages its loss over
    batches of another size), the rest equal."""
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in got, f"{where}.{key}"
            assert_same_numbers(value, got[key], f"{where}.{key}")
    elif isinstance(expected, float):
        assert got == pytest.approx(expected, rel=1e-5), where
    else:
        assert got == expected, where


def test_offsets_are_kept_in_every_time_written(capsys, runs):
    run = runs["offset"]
    written = file_rows(run / "predictions.csv")
    assert all(row["time"].endswith("+01:00") for row in written)
    predicted = lstmspec(capsys, "predict", str(run))
    assert predicted.code == 0 and predicted.err == "", predicted.err
    rows = rows_of(predicted.out)
    assert_reproduces(rows, written, ("time",))
    times = [instant(row["time"]) for row in rows]
    assert all(t.utcoffset() == timedelta(hours=1) for t in times)
    assert all(b - a == timedelta(minutes=30) for a, b in zip(times, times[1:]))
    inserted = [row for row in rows if row["time"] in ("2021-05-04 03:00:00+01:00",
                                                       "2021-05-04 03:30:00+01:00")]
    assert len(inserted) == 2  # the rows missing from the file, at their own times
    assert rows[-1]["time"] == "2021-05-07 06:00:00+01:00" and rows[-1]["load"] == ""
    ahead = lstmspec(capsys, "forecast", str(run), "--steps", "3")
    assert ahead.code == 0, ahead.err
    assert [r["time"] for r in rows_of(ahead.out)] == [
        "2021-05-07 06:00:00+01:00", "2021-05-07 06:30:00+01:00", "2021-05-07 07:00:00+01:00"]
    assert ahead.err.splitlines() == [ahead.err.splitlines()[0]]  # the one note, no warning
    assert ahead.err.startswith("Forecast: 3 steps, recursive")


def test_series_with_log_and_difference_predicts_and_forecasts_its_own_data(capsys, runs):
    run = runs["macro"]
    predicted = lstmspec(capsys, "predict", str(run))
    assert predicted.code == 0 and predicted.err == "", predicted.err
    rows = rows_of(predicted.out)
    assert_reproduces(rows, file_rows(run / "predictions.csv"), ("series", "quarter"))
    # each of the 5 series: 203 quarters, the first used up by the difference, window 8
    assert len(rows) == 5 * (203 - 1 - 8 + 1)
    assert rows[0]["series"] == "realgdp" and rows[0]["quarter"] == "1961 Q2"
    ahead = lstmspec(capsys, "forecast", str(run), "--steps", "2")
    assert ahead.code == 0, ahead.err
    table = rows_of(ahead.out)
    assert [(r["series"], r["quarter"]) for r in table] == [
        (name, quarter) for name in ("realgdp", "realcons", "realinv", "realgovt", "realdpi")
        for quarter in ("2009 Q4", "2010 Q1")]


def test_evaluate_without_data_is_metrics_json_and_says_which_rows(capsys, runs):
    for name in ("macro", "offset", "holes"):
        run = runs[name]
        metrics = json.loads((run / "metrics.json").read_text())
        ran = lstmspec(capsys, "evaluate", str(run), "--format", "json")
        assert ran.code == 0, ran.err
        scores = json.loads(ran.out)
        assert scores["split"] == metrics["split"] == "test"
        assert scores["samples"] == metrics["samples"]
        assert_same_numbers(metrics, scores)  # every key of metrics.json, at any depth
        first = file_rows(run / "predictions.csv")[0]
        assert scores["rows"]["first"] == first[next(iter(first))
                                                if name != "macro" else "quarter"]
    data = runs["macro"].parent / "macro.csv"
    text = lstmspec(capsys, "evaluate", str(runs["macro"]), "--data", str(data))
    assert text.code == 0, text.err
    assert text.out.startswith(f"{data} (970 samples of every window whose targets the file "
                               "holds, forecasts from 1961 Q2 to 2009 Q3): loss ")


def test_a_drop_run_skips_the_windows_that_touch_a_gap_as_training_did(capsys, runs):
    run = runs["holes"]
    predicted = lstmspec(capsys, "predict", str(run))
    assert predicted.code == 0, predicted.err
    assert predicted.err == ("12 window(s) touch a gap and are not predicted: this run "
                             "(missing: drop) leaves them out, as training did\n")
    rows = rows_of(predicted.out)
    assert len(rows) == 200 - 6 + 1 - 12
    assert_reproduces(rows, file_rows(run / "predictions.csv"), ("day",))
    short = run.parent / "short.csv"
    short.write_text("".join((run.parent / "holes.csv").read_text().splitlines(True)[:64]))
    ahead = lstmspec(capsys, "forecast", str(run), "--steps", "1", "--data", str(short))
    assert ahead.code == 1
    assert ahead.err.startswith(f"{run}:1:1: LS630 [error] {short}, line 62: a gap in the "
                                "last window of the series, which this run (missing: drop) "
                                "cannot forecast from"), ahead.err


def test_an_empty_time_header_is_named_by_the_empty_name(capsys, runs):
    run = runs["index"]
    written = file_rows(run / "predictions.csv")
    assert list(written[0]) == ["", "KSI", "KSI_predicted"]
    ahead = lstmspec(capsys, "forecast", str(run), "--steps", "2")
    assert ahead.code == 0, ahead.err
    assert ahead.out.splitlines()[:3] == ["step,,KSI,source", ahead.out.splitlines()[1],
                                          ahead.out.splitlines()[2]]
    assert [r[""] for r in rows_of(ahead.out)] == ["2000-01", "2000-02"]
