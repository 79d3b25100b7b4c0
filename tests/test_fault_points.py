"""Fault points (lstmspec/source/faults.py) act only when armed: a LSTMSPEC_FAULT or
LSTMSPEC_PAUSE left in a user's environment never kills or stops a command; with
LSTMSPEC_FAULTS_ARMED=1 (what the fault-injection tests set) the same variable does. Real
processes: `lint --fix` (an atomic write, fault point `partial`) and `run` (a checkpoint
write, fault point `begin`)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import armed, child_env, lstmspec_argv, run_argv

pytestmark = pytest.mark.subprocess

FIXABLE = Path(__file__).resolve().parent.parent / "examples" / "broken" / "stacked_lstm.yaml"


def state(pid: int) -> str:
    """The process's state letter in /proc (T: stopped)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text.rsplit(")", 1)[1].split()[0]


def test_a_pause_left_in_the_environment_is_ignored(tmp_path):
    shutil.copy(FIXABLE, tmp_path / "c.yaml")
    done = subprocess.run(lstmspec_argv("lint", "--fix", tmp_path / "c.yaml"),
                          env=child_env(LSTMSPEC_PAUSE="partial"), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert FIXABLE.read_bytes() != (tmp_path / "c.yaml").read_bytes()  # the fix was written


def test_the_same_pause_armed_stops_the_writer(tmp_path):
    shutil.copy(FIXABLE, tmp_path / "c.yaml")
    child = subprocess.Popen(lstmspec_argv("lint", "--fix", tmp_path / "c.yaml"),
                             env=armed(child_env(), LSTMSPEC_PAUSE="partial"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while state(child.pid) != "T" and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state(child.pid) == "T", "the armed pause did not stop the writer"
        assert FIXABLE.read_bytes() == (tmp_path / "c.yaml").read_bytes()  # not yet published
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.tf
def test_a_fault_left_in_the_environment_does_not_kill_a_run(tmp_path):
    from checkpoint_faults_support import CONFIG

    (tmp_path / "c.yaml").write_text(CONFIG)
    env = child_env(LSTMSPEC_FAULT="begin@1", OMP_NUM_THREADS="1", TF_NUM_INTEROP_THREADS="1",
                    TF_NUM_INTRAOP_THREADS="1")
    done = subprocess.run(run_argv(tmp_path / "c.yaml", tmp_path / "run"), env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr  # armed, the same fault kills it at epoch 1's
    assert (tmp_path / "run" / "model.keras").is_file()  # checkpoint (test_checkpoint_faults)
