"""`lstmspec run` with output.export whose converter is not installed: one coded line (LS418,
naming output.export and what to install), exit status 1, no traceback; the run is not marked
complete, so the same command retries the export once the package is there."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import absent_packages, child_env, run_argv

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]

CONFIG = """\
input: {shape: [6, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: synthetic, samples: 64}
train: {epochs: 1}
output: {export: [onnx]}
"""


def test_an_export_that_fails_is_one_coded_line_and_exit_1(tmp_path):
    (tmp_path / "c.yaml").write_text(CONFIG)
    env = child_env(**absent_packages(tmp_path / "stubs", "onnx", "tf2onnx"))  # no export extra
    done = subprocess.run(run_argv("c.yaml", "out"), capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "c.yaml:1:1: LS418 [error] output.export: onnx export needs onnx and tf2onnx, which is "
        "not installed: pip install 'lstmspec[export]' (No module named onnx)")
    state = json.loads((tmp_path / "out" / "run.json").read_text())
    assert state["status"] == "trained" and not (tmp_path / "out" / "model.onnx").exists()
