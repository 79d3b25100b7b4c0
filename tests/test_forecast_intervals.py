"""Conformal intervals (`predict`/`forecast --interval`) on a series made with known noise:
10 + 3 sin(2 pi t / 24) + N(0, 1), hourly. The run keeps its validation errors; on a fresh
series of the same process (new noise, thousands of windows) the share of values inside the
interval is within a few points of the level, for every horizon step; the bounds are the
forecast plus and minus the ceil((n + 1) a)-th smallest validation error of that step."""

from __future__ import annotations

import csv
import json
import math
from datetime import datetime, timedelta

import numpy as np
import pytest
from cli_support import lstmspec, lstmspec_outside_a_test

from lstmspec.runner.series import intervals

pytestmark = pytest.mark.tf

CONFIG = """\
input:
  shape: [24, 1]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 3
compile:
  optimizer: {name: adam, learning_rate: 0.01}
  loss: mse
data:
  kind: csv
  path: hourly.csv
  time: hour
  features: [y]
  targets: [y]
  horizon: 3
train:
  epochs: 3
  batch_size: 64
  seed: 4
output:
  plots: false
"""


def write_series(path, rows: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = np.arange(rows)
    y = 10 + 3 * np.sin(2 * np.pi * t / 24) + rng.normal(0, 1, rows)
    start = datetime(2025, 1, 1)
    path.write_text("hour,y\n" + "".join(
        f"{(start + timedelta(hours=int(k))).isoformat(sep=' ')},{v:.6f}\n"
        for k, v in zip(t, y)))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The folder, with the run trained in `out`."""
    folder = tmp_path_factory.mktemp("intervals")
    write_series(folder / "hourly.csv", 3000, seed=1)
    write_series(folder / "fresh.csv", 3000, seed=2)
    (folder / "run.yaml").write_text(CONFIG)
    ran = lstmspec_outside_a_test("run", str(folder / "run.yaml"), "-q", "-o",
                                  str(folder / "out"))
    assert ran.code == 0, ran.err
    return folder


def test_rank_is_the_finite_sample_conformal_order_statistic():
    assert intervals.rank(99, 0.9) == 90 and intervals.rank(100, 0.9) == 91
    assert intervals.rank(8, 0.9) is None and intervals.rank(9, 0.9) == 9
    errors = np.arange(1.0, 20.0)[:, None, None]  # 19 errors: 1..19
    assert intervals.quantiles(errors, 0.9)[0, 0] == 18.0  # ceil(20 * 0.9) = 18


def test_coverage_on_fresh_windows_is_within_a_few_points_of_the_level(capsys, run):
    units = json.loads((run / "out" / "metrics.json").read_text())["original_units"]
    stored = intervals.from_bytes((run / "out" / intervals.FILE).read_bytes())
    digests = json.loads((run / "out" / "run.json").read_text())["sha256"]
    assert intervals.FILE in digests  # verified before --interval uses it
    band = units["interval"]
    assert band["level"] == 0.9 and band["validation_windows"] == len(stored.errors) > 400
    assert abs(band["coverage"] - 0.9) < 0.05  # the run's own test part, ~440 windows
    for level in (0.9, 0.5):
        done = lstmspec(capsys, "predict", "out", "--data", "fresh.csv", "--interval",
                        str(level), cwd=run)
        assert done.code == 0, done.err
        rows = list(csv.DictReader(done.out.splitlines()))
        assert len(rows) > 2900
        k = math.ceil((len(stored.errors) + 1) * level)
        for step in (1, 2, 3):
            name = f"y+{step}"
            q = np.sort(stored.errors[:, step - 1, 0])[k - 1]
            known = [r for r in rows if r[name] != ""]
            inside = [float(r[f"{name}_lower"]) <= float(r[name]) <= float(r[f"{name}_upper"])
                      for r in known]
            assert abs(np.mean(inside) - level) < 0.03, (level, step, np.mean(inside))
            widths = {round(float(r[f"{name}_upper"]) - float(r[f"{name}_predicted"]), 4)
                      for r in rows}
            assert widths == {round(q, 4)}  # one quantile per horizon step


def test_forecast_bounds_the_direct_steps_and_says_why_not_the_rest(capsys, run):
    done = lstmspec(capsys, "forecast", "out", "--steps", "4", "--interval", "0.9", cwd=run)
    assert done.code == 0, done.err
    rows = list(csv.DictReader(done.out.splitlines()))
    assert list(rows[0]) == ["step", "hour", "y", "y_lower", "y_upper", "source"]
    assert [bool(r["y_lower"]) for r in rows] == [True, True, True, False]
    assert "the recursive steps after them have no calibrated interval" in done.err


def test_a_changed_conformal_file_is_refused(capsys, run, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(run / "out", copy)
    errors = intervals.from_bytes((copy / intervals.FILE).read_bytes())
    intervals.write(str(copy / intervals.FILE), intervals.Conformal(errors.errors * 0.5,
                                                                    errors.series))
    done = lstmspec(capsys, "forecast", str(copy), "--steps", "1", "--interval", "0.9",
                    "--data", str(run / "fresh.csv"))
    assert done.code == 1 and done.out == ""
    assert done.err.startswith(f"{copy}:1:1: LS635 [error] {intervals.FILE}: changed since")


def test_too_few_validation_windows_leave_the_bounds_empty_and_say_so(capsys, run):
    done = lstmspec(capsys, "forecast", "out", "--steps", "1", "--interval", "0.999", cwd=run)
    assert done.code == 0, done.err
    row = next(csv.DictReader(done.out.splitlines()))
    assert row["y_lower"] == row["y_upper"] == ""
    assert "a 0.999 interval needs at least 999 validation windows" in done.err
