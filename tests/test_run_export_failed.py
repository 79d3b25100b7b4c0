"""`lstmspec run` with output.export whose converter is not installed: one coded line (LS418,
naming output.export and what to install), exit status 1, no traceback; the run is not marked
complete, so the same command retries the export once the package is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.tf

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
    for package in ("onnx", "tf2onnx"):  # a machine without the export extra
        (tmp_path / "stubs" / package).mkdir(parents=True)
        (tmp_path / "stubs" / package / "__init__.py").write_text(
            f'raise ImportError("No module named {package}")\n')
    (tmp_path / "c.yaml").write_text(CONFIG)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "stubs"),
                                                       os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-m", "lstmspec", "run", "c.yaml", "-q", "-o", "out"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "c.yaml:1:1: LS418 [error] output.export: onnx export needs onnx and tf2onnx, which is "
        "not installed: pip install 'lstmspec[export]' (No module named onnx)")
    state = json.loads((tmp_path / "out" / "run.json").read_text())
    assert state["status"] == "trained" and not (tmp_path / "out" / "model.onnx").exists()
