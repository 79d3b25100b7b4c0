"""Nothing is lost: a run killed with SIGKILL in the middle of training, started again with the
same command, continues after the last finished epoch; a changed config is not resumed into."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from conftest import child_env, run_argv

pytestmark = [pytest.mark.tf, pytest.mark.subprocess]

EPOCHS = 6
CONFIG = f"""\
name: resumable
input: {{shape: [20, 4]}}
layers:
  - {{type: LSTM, units: 16}}
  - {{type: Dense, units: 1}}
compile: {{loss: mse}}
data: {{kind: synthetic, samples: 1200}}
train: {{epochs: {EPOCHS}, batch_size: 16, seed: 5}}
output: {{plots: false}}
"""
ENV = child_env()


def command(folder) -> list:
    return run_argv(folder / "c.yaml", folder / "run")


def finished_epochs(folder) -> int:
    """The newest checkpoint's epoch, as run.json records it (written after the commit)."""
    try:
        return json.loads((folder / "run" / "run.json").read_text()).get("checkpoint_epoch", 0)
    except (OSError, ValueError):
        return 0


def kill_after(folder, epochs: int) -> None:
    """Start the run and SIGKILL it once the checkpoint says `epochs` epochs are done."""
    process = subprocess.Popen(command(folder), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=ENV)
    deadline = time.monotonic() + 180
    while finished_epochs(folder) < epochs:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the run did not reach the epoch in time"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()


@pytest.fixture(scope="module")
def killed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed")
    (folder / "c.yaml").write_text(CONFIG)
    kill_after(folder, 2)
    return folder


@pytest.fixture(scope="module")
def resumed(killed):
    """The killed run started again with the same command, once for the module: what the
    folder held before and after, read at once (the tests below may change it later)."""
    run = killed / "run"
    done = finished_epochs(killed)
    before = {name: json.loads((run / name).read_text()) for name in ("history.json",
                                                                      "run.json")}
    again = subprocess.run(command(killed), capture_output=True, text=True, env=ENV,
                           timeout=300)
    after = {name: json.loads((run / name).read_text()) for name in ("history.json",
                                                                     "run.json")}
    return {"done": done, "before": before, "after": after, "again": again,
            "checkpoints": (run / "checkpoints").exists(), "model": (run / "model.keras").is_file()}


@pytest.mark.slow
def test_killed_run_resumes_after_the_last_finished_epoch(resumed):
    done, again = resumed["done"], resumed["again"]
    assert 2 <= done < EPOCHS, "the kill came too late to test anything"
    assert resumed["before"]["run.json"]["status"] == "running"
    assert again.returncode == 0, again.stderr
    assert f"Resuming after epoch {done} of {EPOCHS}" in again.stdout
    history, before = resumed["after"]["history.json"], resumed["before"]["history.json"]
    assert history["epoch"] == list(range(1, EPOCHS + 1))
    assert history["loss"][:done] == before["loss"][:done]  # the finished epochs are kept
    state = resumed["after"]["run.json"]
    # every epoch of the run, by both processes
    assert state["status"] == "complete" and state["epochs_run"] == EPOCHS
    assert [p["epochs"] for p in state["processes"]] == [[1, done], [done + 1, EPOCHS]]
    assert not resumed["checkpoints"] and resumed["model"]


def test_a_changed_config_is_not_resumed_into(tmp_path):
    (tmp_path / "c.yaml").write_text(CONFIG)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "run.json").write_text('{"config_key": "0000", "status": "running"}')
    again = subprocess.run(command(tmp_path), capture_output=True, text=True, env=ENV,
                           timeout=120)
    assert again.returncode == 1 and "different config" in again.stderr
    assert len(again.stderr.splitlines()) == 1


@pytest.mark.slow
def test_a_run_killed_after_training_reloads_only_the_weights(killed, resumed):
    # The `resumed` fixture finished this run; make it look killed between the saved model
    # and the artifacts, then run again: the weights come back into the model built from the
    # spec (no Keras deserialization of the file), and the artifacts are written.
    run = killed / "run"
    assert resumed["again"].returncode == 0, resumed["again"].stderr
    state = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**state, "status": "trained"}))
    metrics = json.loads((run / "metrics.json").read_text())
    (run / "metrics.json").unlink()
    again = subprocess.run(command(killed), capture_output=True, text=True, env=ENV,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    assert "reloading the weights of model.keras" in again.stdout
    assert json.loads((run / "metrics.json").read_text()) == metrics
