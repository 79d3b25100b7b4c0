"""A resumed study never trains a point it has already tried (issue 27, item 4): Optuna does
not store a sampler's state, so the resumed sampler (seeded from the seed and the trials so
far) can draw a finished trial's values again. Such a sample is skipped (pruned with
`repeat_of`, not counted in the budget) and the sampler draws again; a space with no new
values left ends the worker instead of looping. Only units 8 fits max_params: 400; the
samples of 16 and 24 are pruned by lint before training, so one trial trains in all: the
trials are real Optuna trials in the study's SQLite file."""

from __future__ import annotations

import csv
import subprocess
import sys

import optuna
import pytest

pytestmark = [pytest.mark.tf, pytest.mark.slow]  # one study, resumed twice: about 20 s

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
  budget: {trials: 2, max_params: 400}
  pruning: {kind: none}
  sampler: {kind: tpe, seed: 0}
  space:
    layers.rnn.units: {type: categorical, choices: [8, 16, 24]}
"""


def tune(folder, *args):
    return subprocess.run([sys.executable, "-m", "lstmspec", "tune", "tiny.yaml", "-o", "study",
                           *args], cwd=folder, capture_output=True, text=True, timeout=240)


def trials(folder) -> list:
    storage = f"sqlite:///{folder / 'study' / 'study.db'}"
    return optuna.load_study(study_name="tiny", storage=storage).get_trials(deepcopy=False)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("repeats")
    (folder / "tiny.yaml").write_text(CONFIG, encoding="utf-8")
    first = tune(folder)
    before = [t.params for t in trials(folder)]
    resumed = tune(folder, "--trials", "3")
    after = trials(folder)
    exhausted = tune(folder, "--trials", "4")
    return folder, first, before, resumed, after, exhausted


def test_the_resumed_sampler_draws_a_finished_point_first(study):
    """The case itself: seed 0 + 2 trials makes the resumed TPE draw trial 1's units again
    (the old code trained it a second time)."""
    _, first, before, _, after, _ = study
    assert first.returncode == 1  # both samples pruned by lint: no trial completed (LS682)
    assert before == [{"layers.rnn.units": 16}, {"layers.rnn.units": 24}]
    assert after[2].params == before[1]
    assert after[2].user_attrs["repeat_of"] == 1
    assert after[2].user_attrs["reason"] == "the values of trial 1, which finished: not " \
        "trained again"


def test_a_resumed_study_counts_no_repeat_and_tries_the_new_point(study):
    _, _, _, resumed, after, _ = study
    assert "Trial 2: skipped: the values of trial 1, which finished" in resumed.stdout
    counted = [t for t in after if "repeat_of" not in t.user_attrs]
    assert [t.params["layers.rnn.units"] for t in counted] == [16, 24, 8]
    assert resumed.returncode == 0, resumed.stderr
    assert "Trials: 1 complete, 2 pruned by lint before training, 0 pruned in training, " \
        "0 failed, 1 skipped (repeated values)" in resumed.stdout


def test_a_space_with_no_new_values_ends_instead_of_looping(study):
    folder, _, _, _, _, exhausted = study
    assert exhausted.returncode == 0, exhausted.stderr
    assert "Stopping: the last 25 samples all repeated values already tried; the space holds " \
        "no new values" in exhausted.stdout
    every = trials(folder)
    counted = [t.params["layers.rnn.units"] for t in every if "repeat_of" not in t.user_attrs]
    assert sorted(counted) == [8, 16, 24]  # never a point twice
    with open(folder / "study" / "trials.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sum(r["status"] == "skipped" for r in rows) == len(every) - 3
