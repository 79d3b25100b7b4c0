"""`lstmspec backtest` for real on a daily series with a weekly season: three folds, each a
`run` on the rows before its origin; each fold's forecast is what `lstmspec forecast` of that
fold's run says from the data before the origin (a fold knows nothing after it); the mean and
spread are the folds'; a backtest killed (SIGKILL) after its first fold resumes without
training that fold again, and its other folds trained in two processes give the same scores
as in one."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta

import numpy as np
import pytest
from cli_support import ROOT, lstmspec, lstmspec_outside_a_test

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]

CONFIG = """\
input:
  shape: [14, 1]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 2
compile:
  loss: mse
data:
  kind: csv
  path: daily.csv
  time: day
  features: [y]
  targets: [y]
  horizon: 2
train:
  epochs: 2
  seed: 1
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("backtest")
    rng = np.random.default_rng(0)
    t = np.arange(300)
    y = 20 + 5 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 1, 300)
    (out / "daily.csv").write_text("day,y\n" + "".join(
        f"{date(2024, 1, 1) + timedelta(days=int(k))},{v:.4f}\n" for k, v in zip(t, y)))
    (out / "daily.yaml").write_text(CONFIG)
    done = lstmspec_outside_a_test("backtest", str(out / "daily.yaml"), "--folds", "3", "-o",
                                   str(out / "bt"))
    assert done.code == 0, done.err
    return out


def test_folds_are_runs_on_the_rows_before_each_origin(capsys, folder):
    result = json.loads((folder / "bt" / "backtest.json").read_text())
    origins = [f["origin"] for f in result["folds"]]
    assert origins == ["2024-10-21", "2024-10-23", "2024-10-25"]  # 2 rows apart; the data ends 10-26
    maes = [f["mae"] for f in result["folds"]]
    assert result["mean"]["mae"] == pytest.approx(np.mean(maes))
    assert result["std"]["mae"] == pytest.approx(np.std(maes))
    assert result["pooled"]["season"] == 7 and "seasonal_naive_mase" in result["folds"][0]
    with open(folder / "bt" / "backtest.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["fold"], r["origin"], r["step"]) for r in rows] == [
        (str(k), o, s) for k, o in zip((1, 2, 3), origins) for s in ("1", "2")]
    assert (folder / "bt" / "backtest.png").stat().st_size > 5_000
    for k, origin in enumerate(origins, 1):
        fold = folder / "bt" / f"fold-{k}"
        with open(fold / "train.csv", newline="") as handle:
            assert max(r["day"] for r in csv.DictReader(handle)) < origin
        before = fold / "before.csv"  # the data before the origin
        before.write_text("".join(line for line in (folder / "daily.csv").read_text()
                                  .splitlines(True) if line < origin or line.startswith("day")))
        ahead = lstmspec(capsys, "forecast", str(fold / "run"), "--steps", "2", "--data",
                         str(before))
        assert ahead.code == 0, ahead.err
        said = [r for r in rows if r["fold"] == str(k)]
        for step, row in enumerate(csv.DictReader(ahead.out.splitlines())):
            assert row["day"] == said[step]["day"]
            assert float(row["y"]) == pytest.approx(float(said[step]["y_predicted"]),
                                                    abs=1e-5)


@pytest.mark.slow
def test_a_killed_backtest_resumes_from_its_finished_folds(folder):
    command = [sys.executable, "-m", "lstmspec", "backtest", "daily.yaml", "--folds", "3",
               "-o", "killed"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    marker = folder / "killed" / "fold-1" / "score.json"
    deadline = time.time() + 300
    while not marker.exists() and time.time() < deadline and child.poll() is None:
        time.sleep(0.2)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert marker.exists() and not (folder / "killed" / "backtest.json").exists()
    trained = (folder / "killed" / "fold-1" / "run" / "model.keras").stat().st_mtime_ns
    again = subprocess.run(command + ["--jobs", "2"], cwd=folder, env=env,
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "WARNING" not in again.stderr
    assert (folder / "killed" / "fold-1" / "run" / "model.keras").stat().st_mtime_ns == trained
    resumed = json.loads((folder / "killed" / "backtest.json").read_text())
    first = json.loads((folder / "bt" / "backtest.json").read_text())
    for mine, theirs in zip(resumed["folds"], first["folds"]):
        assert mine["origin"] == theirs["origin"]
        assert mine["mae"] == pytest.approx(theirs["mae"], rel=1e-5)
