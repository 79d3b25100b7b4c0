"""What a killed `predict -o` or `export` leaves is removed by the next one, and never what a
live one is writing (issue 19, item 10). A killed `predict -o p.csv` used to leave
`.p.csv.XXXXXXXX.partial` and a killed `export` a `.export-XXXXXXXX/` model copy forever. Now
each writer holds a lock (flock) on its temporary file or folder until it publishes it; the next
command removes only those it can lock. Real processes and a real SIGKILL: LSTMSPEC_PAUSE stops
the writer (SIGSTOP) with its temporary written, a second writer runs beside it, then the first
is killed and a third one starts."""

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
name: NAME
input: {shape: [12, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {optimizer: adam, loss: mse}
data: {kind: csv, path: data/elnino.csv, time: month, features: [sst], targets: [sst]}
train: {epochs: 1, batch_size: 64, seed: 3}
output: {dir: runs/NAME, plots: false}
"""
ENV = child_env()  # no fault point inherited; armed where a test stages one


def lstmspec(folder, *args, pause=None):
    command = [sys.executable, "-m", "lstmspec", *args]
    if pause:
        return subprocess.Popen(command, cwd=folder, env=armed(ENV, LSTMSPEC_PAUSE=pause),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=folder, env=ENV, capture_output=True, text=True,
                          timeout=600)


def stopped(process) -> bool:
    with open(f"/proc/{process.pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] == "T"


def paused(process) -> None:
    """Wait until the process stopped itself at its pause point."""
    deadline = time.monotonic() + 400
    while not stopped(process):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the writer never reached its pause point"
        time.sleep(0.1)


def killed(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("writers")
    (folder / "data").mkdir()
    (folder / "out").mkdir()
    shutil.copy(ROOT / "examples" / "data" / "elnino.csv", folder / "data" / "elnino.csv")
    for name in ("a", "b"):
        (folder / f"{name}.yaml").write_text(CONFIG.replace("NAME", name))
        done = lstmspec(folder, "run", f"{name}.yaml", "-q")
        assert done.returncode == 0, done.stderr
    return folder


def test_killed_predict_output_is_removed_by_the_next_one_not_before(project):
    out = project / "out"
    first = lstmspec(project, "predict", "runs/a", "-o", "out/p.csv", pause="partial")
    try:
        paused(first)
        partial = [n for n in os.listdir(out) if n.startswith(".p.csv.")]
        assert len(partial) == 1 and partial[0].endswith(".partial"), os.listdir(out)
        beside = lstmspec(project, "predict", "runs/b", "-o", "out/p.csv")
        assert beside.returncode == 0, beside.stderr
        assert sorted(os.listdir(out)) == sorted([*partial, "p.csv"])  # the live one kept
    finally:
        killed(first)
    assert sorted(os.listdir(out)) == sorted([*partial, "p.csv"])  # what the kill left
    again = lstmspec(project, "predict", "runs/a", "-o", "out/p.csv")
    assert again.returncode == 0, again.stderr
    assert os.listdir(out) == ["p.csv"]


def test_killed_export_copy_is_removed_by_the_next_export_not_before(project):
    deploy = project / "deploy"
    deploy.mkdir()
    first = lstmspec(project, "export", "runs/a", "--format", "onnx", "-o", "deploy/a.onnx",
                     pause="export")
    try:
        paused(first)
        copy = [n for n in os.listdir(deploy) if n.startswith(".export-")]
        assert len(copy) == 1 and copy[0].endswith(".partial"), os.listdir(deploy)
        assert os.listdir(deploy / copy[0]) == ["model.onnx"]
        beside = lstmspec(project, "export", "runs/b", "--format", "onnx", "-o",
                          "deploy/b.onnx")
        assert beside.returncode == 0, beside.stderr
        assert sorted(os.listdir(deploy)) == sorted([*copy, "b.onnx"])  # the live one kept
    finally:
        killed(first)
    assert sorted(os.listdir(deploy)) == sorted([*copy, "b.onnx"])  # what the kill left
    again = lstmspec(project, "export", "runs/b", "--format", "onnx", "-o", "deploy/b.onnx")
    assert again.returncode == 0, again.stderr
    assert os.listdir(deploy) == ["b.onnx"]
