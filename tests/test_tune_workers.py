"""Workers on one study: two `tune` on one default SQLite study (the second is refused, LS683,
exit 4, and the first finishes its budget untouched: before, the second marked the first one's
live trial interrupted, queued its values again, and the first died on "Cannot tell a FAIL
trial"); and, on PostgreSQL, two workers, one killed mid-trial (SIGKILL): Optuna's heartbeat
fails its trial, the trial's values are tried again, and the study ends its budget with no
values trained twice and no trial left running."""

from __future__ import annotations

import csv
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


def trials_of(url):
    return optuna.load_study(study_name="tiny", storage=url).get_trials(deepcopy=False)


def training_trial_of(url, process, deadline):
    """The trial `process` is training (it has a run directory), once it has one."""
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            trials = trials_of(url)
        except KeyError:  # the study is not created yet
            trials = []
        for trial in trials:
            if trial.state == TrialState.RUNNING and "run_dir" in trial.user_attrs and \
                    trial.user_attrs.get("worker", "").endswith(f":{process.pid}"):
                return trial
        time.sleep(0.2)
    raise AssertionError("the worker to kill started no trial in time")


def test_postgresql_two_workers_one_killed_mid_trial(tmp_path):
    from postgres_support import cluster

    (tmp_path / "tiny.yaml").write_text(CONFIG.replace("EPOCHS", "2").replace("TRIALS", "4"))
    with cluster() as url:
        killed_worker = tune(tmp_path, "-o", "study", "--storage", url, wait=False)
        survivor = tune(tmp_path, "-o", "study", "--storage", url, wait=False)
        try:
            killed = training_trial_of(url, killed_worker, time.monotonic() + 400)
            killed_worker.kill()  # SIGKILL, mid-trial: its trial stays RUNNING in the database
            killed_worker.communicate()
            out, err = survivor.communicate(timeout=900)
        finally:
            for process in (killed_worker, survivor):
                if process.poll() is None:
                    process.kill()
                    process.communicate()
        trials = trials_of(url)
    assert survivor.returncode == 0, err
    assert (f"Trial {killed.number}: its worker sent no heartbeat for 30 s (it stopped): "
            "marked failed; its values are tried again") in out.splitlines()
    states = sorted(t.state.name for t in trials)
    assert states == ["COMPLETE"] * 4 + ["FAIL"], [(t.number, t.state.name) for t in trials]
    assert trials[killed.number].state == TrialState.FAIL
    retry = [t for t in trials if t.user_attrs.get("retry_of") == killed.number]
    assert [(t.state, t.params) for t in retry] == [(TrialState.COMPLETE, killed.params)]
    complete = [t.params for t in trials if t.state == TrialState.COMPLETE]
    assert all(complete.count(p) == 1 for p in complete)  # no values trained twice
    with open(tmp_path / "study" / "trials.csv", encoding="utf-8") as handle:
        rows = {row["trial"]: row for row in csv.DictReader(handle)}
    assert (rows[str(killed.number)]["status"], rows[str(killed.number)]["reason"]) == \
        ("failed", "interrupted (the worker stopped during this trial); its values are tried "
         "again")


def test_postgresql_a_worker_stopped_past_the_grace_period_drops_its_result(tmp_path):
    """A worker stopped (SIGSTOP) for longer than the grace period: the other fails its trial
    and trains its values; let go, the stopped one finds its trial taken over, drops its result
    and ends normally (before: "Cannot tell a FAIL trial", a traceback)."""
    import signal

    from postgres_support import cluster

    (tmp_path / "tiny.yaml").write_text(CONFIG.replace("EPOCHS", "30").replace("TRIALS", "3"))
    with cluster() as url:
        stopped_worker = tune(tmp_path, "-o", "study", "--storage", url, wait=False)
        other = tune(tmp_path, "-o", "study", "--storage", url, wait=False)
        try:
            taken = training_trial_of(url, stopped_worker, time.monotonic() + 400)
            stopped_worker.send_signal(signal.SIGSTOP)
            deadline = time.monotonic() + 300
            while trials_of(url)[taken.number].state == TrialState.RUNNING:
                assert time.monotonic() < deadline, "the stale trial was never failed"
                time.sleep(1)
            stopped_worker.send_signal(signal.SIGCONT)
            out, err = stopped_worker.communicate(timeout=900)
            other.communicate(timeout=900)
        finally:
            for process in (stopped_worker, other):
                if process.poll() is None:
                    process.kill()
                    process.communicate()
        trials = trials_of(url)
    assert (stopped_worker.returncode, other.returncode) == (0, 0), err
    assert (f"Trial {taken.number}: another worker took it for stopped (no heartbeat for 30 s) "
            "and queued its values again: this result is dropped") in out.splitlines()
    retry = [t for t in trials if t.user_attrs.get("retry_of") == taken.number]
    assert [(t.state, t.params) for t in retry] == [(TrialState.COMPLETE, taken.params)]
    assert sorted(t.state.name for t in trials) == ["COMPLETE"] * 3 + ["FAIL"]
