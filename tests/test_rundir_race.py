"""predict racing `run --overwrite` on the same run directory (issue 19, item 3). predict used
to read preparation.json before TensorFlow started and config.yaml and model.keras after: an
--overwrite that finished in between gave the new model with the old scaling, exit 0. Now
predict holds the directory's shared lock from the moment it opens the run to its answer,
and the writer waits for it. The race is staged, not hoped for: LSTMSPEC_PAUSE=model stops
predict (SIGSTOP) just before it loads the model; `run --overwrite` of another config starts
then; predict is let go; it must answer exactly the old run's predictions, and the new run
must start only after it (the next predict gives the new run's)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from cli_support import ROOT
from conftest import armed, child_env

pytestmark = [pytest.mark.tf, pytest.mark.subprocess, pytest.mark.slow]

CONFIG = """\
name: race
input: {shape: [12, 1]}
layers:
  - {type: LSTM, units: 6}
  - {type: Dense, units: 1}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse}
data: {kind: csv, path: data/elnino.csv, time: month, features: [sst], targets: [sst],
       normalize: NORMALIZE}
train: {epochs: 1, batch_size: 64, seed: 3}
output: {dir: runs/race, plots: false}
"""
ENV = child_env()  # no fault point inherited; armed where a test stages one


def lstmspec(folder, *args, env=ENV, wait=True):
    command = [sys.executable, "-m", "lstmspec", *args]
    if not wait:
        return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                          timeout=600)


def stopped(process) -> bool:
    with open(f"/proc/{process.pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] == "T"


def test_predict_racing_run_overwrite_answers_from_one_run(tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", tmp_path / "data" / "elnino.csv")
    (tmp_path / "a.yaml").write_text(CONFIG.replace("NORMALIZE", "standard"))
    (tmp_path / "b.yaml").write_text(CONFIG.replace("NORMALIZE", "minmax"))
    assert lstmspec(tmp_path, "run", "a.yaml", "-q").returncode == 0
    alone = lstmspec(tmp_path, "predict", "runs/race")
    assert alone.returncode == 0, alone.stderr
    reader = lstmspec(tmp_path, "predict", "runs/race", env=armed(ENV, LSTMSPEC_PAUSE="model"),
                      wait=False)
    try:
        deadline = time.monotonic() + 120
        while not stopped(reader):  # the old code had no such point: it never stopped
            assert reader.poll() is None and time.monotonic() < deadline, reader.communicate()
            time.sleep(0.05)
        writer = lstmspec(tmp_path, "run", "b.yaml", "-q", "--overwrite", wait=False)
        time.sleep(5)  # the writer has started, found the reader, and waits for it
        assert writer.poll() is None
        assert '"config_key"' in (tmp_path / "runs" / "race" / "run.json").read_text()
        assert not (tmp_path / "runs" / "race" / ".replaced").exists()  # nothing moved yet
    finally:
        os.kill(reader.pid, signal.SIGCONT)
    out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err
    assert out == alone.stdout  # the old run, whole
    written, werr = writer.communicate(timeout=600)
    assert writer.returncode == 0, werr
    after = lstmspec(tmp_path, "predict", "runs/race")
    assert after.returncode == 0 and after.stdout != alone.stdout
