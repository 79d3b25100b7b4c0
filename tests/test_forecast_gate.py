"""`--require-beats` on `run` and `evaluate`, for real: a series that alternates 30, 10, 30,
... so that the naive forecast is always 20 off and the seasonal naive forecast (season 2) is
exact. No model beats an exact baseline, so requiring it exits 8 with one coded line, the run
kept; the trained model does beat the naive forecast. The coded lines are pinned in
tests/golden/forecast_gate.txt (which the rule docs of LS650/LS651 point to)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from cli_support import check_golden, lstmspec

pytestmark = pytest.mark.tf

CONFIG = """\
input:
  shape: [4, 1]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 1
compile:
  optimizer: {name: adam, learning_rate: 0.02}
  loss: mse
data:
  kind: csv
  path: alternating.csv
  time: day
  features: [level]
  targets: [level]
  season: 2
train:
  epochs: 8
  batch_size: 16
  seed: 3
output:
  plots: false
"""


def write_series(folder) -> None:
    days = [str(date(2024, 1, 1) + timedelta(days=k)) for k in range(336)]
    rows = [f"{day},{30 if k % 2 == 0 else 10}" for k, day in enumerate(days)]
    (folder / "alternating.csv").write_text("day,level\n" + "\n".join(rows) + "\n")
    (folder / "alternating.yaml").write_text(CONFIG)


def test_require_beats_exits_8_keeps_the_run_and_names_the_baseline(capsys, tmp_path):
    write_series(tmp_path)
    transcript = []

    def command(*args, expect: int):
        ran = lstmspec(capsys, *args, cwd=tmp_path)
        assert ran.code == expect, ran.err
        coded = [line for line in ran.err.splitlines() if " [error] " in line]
        if coded:  # the model's own error varies with the machine: not pinned
            line = re.sub(r"MAE [0-9.e+-]+ vs", "MAE (the model's) vs", coded[0])
            transcript.append(f"$ lstmspec {' '.join(args)}\n{line}\n")
        return ran

    ran = command("run", "alternating.yaml", "-q", "-o", "run", "--require-beats",
                  "seasonal_naive", expect=8)
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    units = metrics["original_units"]
    assert units["season"] == 2 and units["seasonal_naive_mae"] == 0.0
    assert units["naive_mae"] == 20.0 and units["stronger_baseline"] == "seasonal_naive"
    assert units["beats_seasonal_naive"] is False
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "complete"
    assert "Verdict" not in ran.out and "warning: the model does not beat the seasonal naive" \
        in ran.out
    assert ran.err.splitlines()[-1].startswith("alternating.yaml:1:1: LS650 [error] "
                                               "--require-beats seasonal_naive: the model")
    # the trained model is far better than repeating the last value
    assert units["mae"] < 2.0 and units["beats_naive"] is True
    command("evaluate", "run", "--data", "alternating.csv", "--require-beats", "naive",
            expect=0)
    graded = command("evaluate", "run", "--data", "alternating.csv", "--format", "json",
                     "--require-beats", "seasonal_naive", expect=8)
    assert json.loads(graded.out)["original_units"]["beats_seasonal_naive"] is False
    # a run without a season cannot be held to the seasonal naive: refused before training
    command("run", "alternating.yaml", "-q", "-o", "flat", "--set", "data.season=1",
            "--require-beats", "seasonal_naive", expect=1)
    assert not (tmp_path / "flat").exists()
    check_golden("forecast_gate.txt", "".join(transcript))
