"""`target_transform: {log1p: true}` for non-negative targets with zeros, and the note when
forecasts of a series that is never negative go below zero: the transform undone exactly
(alone and under differencing), located errors for the values it cannot take, and for real a
run whose predictions `predict` reproduces, and a forecast past the end of a ramp down to
zero that goes below it."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import numpy as np
import pytest
from cli_support import lstmspec

from lstmspec.runner.errors import DataError
from lstmspec.runner.series.gaps import Rows
from lstmspec.runner.series.transforms import forward, inverse
from lstmspec.runner.series.verdict import negative_note
from lstmspec.spec.sections.series import TargetTransform

pytestmark = pytest.mark.tf


@pytest.mark.parametrize("spec", [{"log1p": True}, {"log1p": True, "difference": 1},
                                  {"log1p": True, "difference": 2, "lag": 3}])
def test_log1p_is_undone_exactly_with_zeros_in_the_series(spec):
    transform = TargetTransform(**spec)
    rng = np.random.default_rng(1)
    values = np.where(rng.random((60, 2)) < 0.4, 0.0, rng.gamma(2.0, 3.0, (60, 2)))
    moved = forward(values, [(0, 60)], transform, ["a", "b"], Rows(np.arange(2, 62)), "f.csv")
    warm = transform.warmup
    first = np.arange(warm + 5, 60)
    steps = moved[first][:, None, :]  # the transformed truth as if the model had forecast it
    history = values[first[:, None] - warm + np.arange(warm)]
    back = inverse(steps, history, transform)
    assert np.allclose(back[:, 0], values[first], atol=1e-9)


def test_values_the_logarithms_cannot_take_are_located_errors():
    values = np.array([[1.0], [0.0], [2.0]])
    rows = Rows(np.array([2, 3, 4]))
    with pytest.raises(DataError, match=r"f\.csv, line 3, column 'a': 0 has no logarithm .* "
                                        r"use log1p: true for a column with zeros"):
        forward(values, [(0, 3)], TargetTransform(log=True), ["a"], rows, "f.csv")
    with pytest.raises(DataError, match=r"f\.csv, line 4, column 'a': -2 is negative "
                                        r"\(target_transform\.log1p is for values >= 0\)"):
        forward(np.array([[1.0], [0.0], [-2.0]]), [(0, 3)], TargetTransform(log1p=True),
                ["a"], rows, "f.csv")


def test_the_note_names_only_never_negative_targets_below_zero():
    values = np.array([[[-0.5, -1.0]], [[2.0, 3.0]], [[-0.25, 1.0]]])
    note = negative_note(("solar", "temperature"), ("solar",), values)
    assert note.startswith("note: 2 of 3 forecasts of 'solar' are below zero (the lowest -0.5)")
    assert "temperature" not in note
    assert negative_note(("solar", "temperature"), ("temperature",), values[1:]) is None


CONFIG = """\
input:
  shape: [6, 1]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 1
compile:
  optimizer: {name: adam, learning_rate: 0.01}
  loss: mse
data:
  kind: csv
  path: FILE
  time: day
  features: [power]
  targets: [power]
  target_transform: TRANSFORM
train:
  epochs: 3
  seed: 2
output:
  plots: false
"""


def write(folder, name: str, values, transform: str):
    days = [str(date(2024, 1, 1) + timedelta(days=k)) for k in range(len(values))]
    (folder / f"{name}.csv").write_text("day,power\n" + "".join(
        f"{d},{v:g}\n" for d, v in zip(days, values)))
    (folder / f"{name}.yaml").write_text(CONFIG.replace("FILE", f"{name}.csv")
                                         .replace("TRANSFORM", transform))


def test_a_log1p_run_on_a_series_with_zeros_predicts_as_it_trained(capsys, tmp_path):
    hours = np.arange(240)
    power = np.round(np.maximum(0.0, np.sin(hours * 2 * np.pi / 8)) * 5, 3)  # zeros half the time
    write(tmp_path, "solar", power, "{log1p: true}")
    ran = lstmspec(capsys, "run", "solar.yaml", "-q", "-o", "run", cwd=tmp_path)
    assert ran.code == 0, ran.err
    prep = json.loads((tmp_path / "run" / "preparation.json").read_text())
    assert prep["target_transform"]["log1p"] is True and prep["never_negative"] == ["power"]
    with open(tmp_path / "run" / "predictions.csv", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert all(float(r["power_predicted"]) > -1 for r in written)  # expm1 of any real
    again = lstmspec(capsys, "predict", "run", cwd=tmp_path)
    assert again.code == 0, again.err
    predicted = {r["day"]: r["power_predicted"] for r in csv.DictReader(again.out.splitlines())}
    assert all(predicted[r["day"]] == r["power_predicted"] for r in written)
    units = json.loads((tmp_path / "run" / "metrics.json").read_text())["original_units"]
    below = sum(float(r["power_predicted"]) < 0 for r in written)
    assert units.get("negative_forecasts", {}).get("power", 0) == below
    assert ("note: " in ran.out) == (below > 0)


def test_a_forecast_below_zero_of_a_never_negative_series_says_so(capsys, tmp_path):
    write(tmp_path, "ramp", np.arange(150, -1, -1.0), "{difference: 1}")  # 150 down to 0
    ran = lstmspec(capsys, "run", "ramp.yaml", "-q", "-o", "run", cwd=tmp_path)
    assert ran.code == 0, ran.err
    ahead = lstmspec(capsys, "forecast", "run", "--steps", "3", cwd=tmp_path)
    assert ahead.code == 0, ahead.err
    values = [float(r["power"]) for r in csv.DictReader(ahead.out.splitlines())]
    assert max(values) < 0  # the model learned "one less each day"; the data stops at 0
    notes = [line for line in ahead.err.splitlines() if line.startswith("note: ")]
    assert notes == [f"note: 3 of 3 forecasts of 'power' are below zero (the lowest "
                     f"{min(values):.4g}), which the training data never is: clip them at 0 "
                     "where a negative value is impossible, or train with "
                     "data.target_transform: {log1p: true} (its forecasts stay above -1)"]
