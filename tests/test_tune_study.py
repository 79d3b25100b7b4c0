"""`lstmspec tune` on a real Optuna study with tiny data: resume after SIGKILL without repeating
trials, two workers on one journal, invalid samples pruned before TensorFlow is touched, and
the best config runs with `lstmspec run`."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time

import optuna
import pytest
from cli_support import lstmspec
from optuna.trial import TrialState

from lstmspec.lint import analyse, lint_file
from lstmspec.source.yaml_source import load_file
from lstmspec.overrides.space import first_error, lint_values, resolve
from conftest import lstmspec_argv

pytestmark = pytest.mark.tf

CONFIG = """\
name: tiny
input: {shape: [6, 1]}
layers:
  - {name: rnn, type: LSTM, units: 4}
  - {name: head, type: Dense, units: 1}
compile: {optimizer: adam, loss: mse}
data: {kind: synthetic, samples: 64}
train: {epochs: 1, batch_size: 32}
output: {plots: false}
tune:
  objective: {metric: val_loss}
  budget: {trials: 5, max_params: 400}
  pruning: {kind: none}
  sampler: {kind: random, seed: 3}
  space:
    layers.rnn.units: {type: int, low: 2, high: 16}
    layers.rnn.dropout: {type: float, low: 0.0, high: 0.5}
"""
# LSTM(u) + Dense(1) on one feature: 4u(u + 2) + u + 1 parameters; over 400 from u = 9 on.
TIMEOUT = 240


def tune_command(config, *args):
    return lstmspec_argv("tune", config, *args)


def load(folder, storage=None):
    url = storage or f"sqlite:///{folder / 'study.db'}"
    if storage and storage.endswith(".log"):
        from optuna.storages import JournalStorage
        from optuna.storages.journal import JournalFileBackend

        url = JournalStorage(JournalFileBackend(storage))
    return optuna.load_study(study_name="tiny", storage=url)


def wait_for_training(folder, process) -> None:
    """Until a trial completed and another is training (it has a run directory)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the study ended before it could be killed"
        if (folder / "study.db").exists():
            try:
                trials = load(folder).get_trials(deepcopy=False)
            except (KeyError, Exception):  # the study is being created
                trials = []
            done = sum(t.state == TrialState.COMPLETE for t in trials)
            running = [t for t in trials if t.state == TrialState.RUNNING and
                       "run_dir" in t.user_attrs]
            if done >= 1 and running:
                return
        time.sleep(0.2)
    raise AssertionError("no second trial started training in time")


@pytest.fixture(scope="module")
def killed_study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("killed")
    config = folder / "tiny.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    study_dir = folder / "study"
    first = subprocess.Popen(tune_command(config, "-o", str(study_dir)), cwd=folder,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_training(study_dir, first)
        before = load(study_dir).get_trials(deepcopy=True)
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
    again = subprocess.run(tune_command(config, "-o", str(study_dir)), cwd=folder,
                           capture_output=True, text=True, timeout=TIMEOUT)
    assert again.returncode == 0, again.stderr
    return folder, study_dir, before, again.stdout


@pytest.mark.subprocess
@pytest.mark.slow
def test_resume_after_sigkill_repeats_no_trial(killed_study):
    _, study_dir, before, out = killed_study
    trials = load(study_dir).get_trials(deepcopy=False)
    killed = next(t for t in before if t.state == TrialState.RUNNING)
    assert trials[killed.number].state == TrialState.FAIL
    assert "interrupted" in trials[killed.number].user_attrs["reason"]
    retry = [t for t in trials if t.user_attrs.get("retry_of") == killed.number]
    assert len(retry) == 1 and retry[0].params == killed.params  # its values tried again
    first_values = [t.params for t in before if t.number != killed.number]
    resumed = [t for t in trials if t.number > killed.number and t not in retry]
    assert resumed, ("the resumed study sampled nothing new",
                     [(t.number, t.state) for t in before])
    for trial in resumed:  # a sampler re-created with the same seed would propose these again
        assert trial.params not in first_values
    counted = [t for t in trials if t.state in (TrialState.COMPLETE, TrialState.PRUNED)]
    assert len(counted) == 5
    assert f"{len(before)} trial(s) so far, resuming" in out


def test_invalid_samples_are_pruned_before_training_and_counted(killed_study):
    folder, study_dir, _, _ = killed_study
    source = load_file(str(folder / "tiny.yaml"))
    result = lint_file(str(folder / "tiny.yaml"))
    params, _ = resolve(source.data, result.model.tune)
    from lstmspec.inference.budget import DEFAULT_BUDGET
    from lstmspec.overrides.space import trial_budget

    budget = trial_budget(DEFAULT_BUDGET, result.model.tune)
    invalid = 0
    for trial in load(study_dir).get_trials(deepcopy=False):
        if trial.state == TrialState.FAIL:
            continue
        error = first_error(lint_values(source, params, dict(trial.params), budget, analyse))
        trained = (study_dir / "trials" / f"{trial.number:04d}").exists()
        if error is not None:
            invalid += 1
            assert trial.state == TrialState.PRUNED and not trained
            assert trial.user_attrs["reason"].startswith("LS501: ")
        else:
            assert trained
    assert invalid >= 1  # the seeded draws hold at least one model over 400 parameters
    with open(study_dir / "trials.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(r["reason"].startswith("LS501") for r in rows) == invalid


@pytest.mark.subprocess
def test_an_all_invalid_study_is_refused_before_it_starts_without_tensorflow(tmp_path):
    """No corner of the space lints clean (every model is over max_params): LS485 refuses the
    study before a trial is drawn and before TensorFlow is imported. (A study whose samples
    all turn out invalid while a corner is clean ends with LS682: test_tune_repeats.py.)"""
    config = tmp_path / "tiny.yaml"
    config.write_text(CONFIG.replace("max_params: 400", "max_params: 20")
                      .replace("low: 2, high: 16", "low: 3, high: 16"), encoding="utf-8")
    probe = ("import atexit, sys; atexit.register(lambda: print('TF', any(m.split('.')[0] in "
             "('tensorflow', 'keras') for m in sys.modules))); from lstmspec.cli import main; "
             f"sys.argv = ['lstmspec', 'tune', {str(config)!r}, '-o', 'study']; main()")
    ran = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, timeout=TIMEOUT)
    assert ran.returncode == 1, ran.stderr
    assert re.search(r"tiny\.yaml:15:3: LS485 \[error\] tune\.space: none of the 4 corners",
                     ran.stderr), ran.stderr
    assert ran.stdout.strip().endswith("TF False")
    assert not (tmp_path / "study").exists()


def test_the_best_config_lints_clean_and_runs(capsys, killed_study):
    folder, study_dir, _, _ = killed_study
    best = study_dir / "best.yaml"
    assert lint_file(str(best)).diagnostics == []
    study = load(study_dir)
    text = best.read_text(encoding="utf-8")
    assert f"units: {study.best_params['layers.rnn.units']}\n" in text
    ran = lstmspec(capsys, "run", str(best), "-q", "-o", str(folder / "best-run"),
                   "--set", "train.epochs=2")
    assert ran.code == 0, ran.err
    resolved = (folder / "best-run" / "config.yaml").read_text(encoding="utf-8")
    assert "# with --set train.epochs=2\n" in resolved and "epochs: 2\n" in resolved


@pytest.mark.subprocess
@pytest.mark.slow
def test_two_workers_share_one_journal(tmp_path):
    config = tmp_path / "tiny.yaml"
    config.write_text(CONFIG.replace("max_params: 400", "max_params: 100000")
                      .replace("output: {plots: false}", "output: {plots: false, "
                               "tensorboard: true}"), encoding="utf-8")
    journal = str(tmp_path / "study" / "study.log")
    command = tune_command(config, "-o", "study", "--storage", journal)
    os.makedirs(tmp_path / "study")
    workers = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=TIMEOUT) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    trials = load(tmp_path / "study", journal).get_trials(deepcopy=False)
    complete = [t for t in trials if t.state == TrialState.COMPLETE]
    assert len(complete) >= 4
    assert len({t.user_attrs["worker"] for t in complete}) == 2  # both workers trained
    values = [tuple(sorted(t.params.items())) for t in trials]
    assert len(set(values)) == len(values)  # the workers' samplers are seeded apart
    hparams = tmp_path / "study" / "tensorboard"  # output.tensorboard: HParams per trial
    assert sorted(p.name for p in hparams.iterdir()) == sorted(
        f"trial-{t.number:04d}" for t in complete)
    assert all(any(p.rglob("events.out.tfevents.*")) for p in hparams.iterdir())


@pytest.mark.parametrize("storage", ["absent/study.log", "nodriver://host/study"])
@pytest.mark.subprocess
def test_a_storage_that_cannot_be_opened_is_one_coded_line(tmp_path, storage):
    config = tmp_path / "tiny.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    ran = subprocess.run(tune_command(config, "-o", "study", "--storage",
                                      str(tmp_path / storage) if "://" not in storage
                                      else storage),
                         cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr
    errors = [line for line in ran.stderr.splitlines() if " [error] " in line]
    assert len(errors) == 1 and re.fullmatch(
        r"\S*tiny\.yaml:1:1: LS681 \[error\] tune storage '[^']+' cannot be opened \(.+\): "
        r"name a journal file .*", errors[0]), ran.stderr
