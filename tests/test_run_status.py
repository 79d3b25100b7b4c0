"""run.json never says `running` for a run that stopped on an error (issue 27, item 5): `run
--device gpu` on a machine without a GPU exits 1 with one coded line, and run.json says
`failed` with that line; the same command on the CPU then takes the run up again."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]

CONFIG = """\
name: nogpu
input: {shape: [6, 3]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: synthetic, samples: 64}
train: {epochs: 1, batch_size: 16}
output: {plots: false}
"""
ENV = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}


def run(folder, *args):
    return subprocess.run([sys.executable, "-m", "lstmspec", "run", "c.yaml", "-q", "-o", "run",
                           *args], cwd=folder, capture_output=True, text=True, env=ENV,
                          timeout=300)


@pytest.mark.slow
def test_device_gpu_without_one_leaves_run_json_failed_and_resumable(tmp_path):
    (tmp_path / "c.yaml").write_text(CONFIG)
    refused = run(tmp_path, "--device", "gpu")
    assert refused.returncode == 1
    line = ("c.yaml:1:1: LS418 [error] --device gpu: TensorFlow sees no GPU on this machine "
            "(install the GPU build, lstmspec[tf], and the NVIDIA driver), or use --device auto")
    assert refused.stderr.strip().splitlines() == [line]
    state = json.loads((tmp_path / "run" / "run.json").read_text())
    assert state["status"] == "failed"
    assert state["error"] == line.split(" [error] ", 1)[1]
    again = run(tmp_path, "--device", "cpu")
    assert again.returncode == 0, again.stderr
    assert "Resuming: no checkpoint yet: training from the first epoch" in again.stdout
    state = json.loads((tmp_path / "run" / "run.json").read_text())
    assert state["status"] == "complete" and "error" not in state
