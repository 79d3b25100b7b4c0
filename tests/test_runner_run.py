"""`lstmspec run` end to end on tiny data (in this process): every artifact, a reloadable model
that predicts what was written, the same history for the same seed, NPZ and synthetic data."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest
from cli_support import lstmspec, lstmspec_outside_a_test

from lstmspec.datafacts.access import DataAccess
from lstmspec.lint import lint_file

# Keras's own saving code on NumPy 2 (keras/src/backend/tensorflow/core.py convert_to_numpy)
pytestmark = pytest.mark.tf

SERIES = "t,v\n" + "".join(f"{1900 + i},{50 + 40 * math.sin(i / 4):.3f}\n" for i in range(120))
CONFIG = """\
name: tiny
input: {shape: [6, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {optimizer: {name: adam, learning_rate: 0.01}, loss: mse, metrics: [mae]}
data: {kind: csv, path: s.csv, time: t, features: [v], targets: [v]}
train: {epochs: 2, batch_size: 16, seed: 1}
"""
ARTIFACTS = ("model.keras", "config.yaml", "preparation.json", "history.json", "metrics.json",
             "predictions.csv",
             "learning_curve.png", "forecast.png", "run.json")


@pytest.fixture(scope="module")
def series_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("series")
    (folder / "s.csv").write_text(SERIES)
    (folder / "tiny.yaml").write_text(CONFIG)
    return folder


def run(capsys, folder, *args):
    return lstmspec(capsys, "run", str(folder / "tiny.yaml"), "--quiet", *args)


@pytest.fixture(scope="module")
def first_run(series_run):
    """The first run of the series config, made once for the tests that read it."""
    folder = series_run / "first"
    ran = lstmspec_outside_a_test("run", str(series_run / "tiny.yaml"), "--quiet",
                                  "--output-dir", str(folder), "--device", "cpu")
    return folder, ran


@pytest.fixture(scope="module")
def first(first_run):
    """The first run's directory (complete)."""
    folder, ran = first_run
    assert ran.code == 0, ran.err
    return folder


def test_run_writes_every_artifact(first_run, first):
    ran = first_run[1]
    assert "Device: CPU" in ran.out and "Artifacts in" in ran.out
    for name in ARTIFACTS:
        assert (first / name).is_file(), name
    assert not (first / "checkpoints").exists()
    state = json.loads((first / "run.json").read_text())
    assert state["status"] == "complete" and state["epochs_run"] == 2
    history = json.loads((first / "history.json").read_text())
    assert history["epoch"] == [1, 2] and len(history["val_loss"]) == 2
    metrics = json.loads((first / "metrics.json").read_text())
    assert metrics["split"] == "test" and set(metrics["original_units"]) >= {"mae", "rmse"}
    # the resolved config lints clean, its data checks included: the run directory is not a
    # project of its own and its data is in the folder above it, which lint is let read
    access = DataAccess((str(first.parent.resolve()),))
    assert lint_file(str(first / "config.yaml"), access=access).diagnostics == []


def test_saved_model_reloads_safely_and_predicts_the_same(series_run, first):
    from lstmspec.runner.data import load
    from lstmspec.runner.tf import import_keras

    model = import_keras().saving.load_model(str(first / "model.keras"), safe_mode=True)
    result = lint_file(str(series_run / "tiny.yaml"))
    dataset = load(result.model, [i.spec for i in result.inference.layers],
                   result.source.path, result.inference.output[0])
    predicted = dataset.original("test", model.predict(dataset.x["test"], verbose=0))[:, 0, 0]
    with open(first / "predictions.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(predicted)
    written = np.array([float(r["v_predicted"]) for r in rows])
    np.testing.assert_allclose(predicted, written, rtol=1e-5, atol=1e-4)
    assert [r["t"] for r in rows][:1] == [str(1900 + int(dataset.first_rows["test"][0]))]


def test_same_seed_gives_the_same_history(capsys, series_run, first):
    second = series_run / "second"
    assert run(capsys, series_run, "--output-dir", str(second)).code == 0
    assert (second / "history.json").read_text() == (first / "history.json").read_text()


def test_a_finished_run_is_never_overwritten_silently(capsys, series_run, first):
    ran = run(capsys, series_run, "--output-dir", str(first))
    assert ran.code == 1 and "finished run of this config" in ran.err
    assert ran.err.count("\n") == 1


TOKENS = """\
name: tokens
input: {shape: [10], dtype: int32}
layers:
  - {type: Embedding, input_dim: 6, output_dim: 4, mask_zero: true}
  - {type: GRU, units: 4}
  - {type: Dense, units: 3, activation: softmax}
compile: {loss: sparse_categorical_crossentropy, metrics: [accuracy]}
data: {kind: npz, path: t.npz}
train: {epochs: 1, batch_size: 16}
output: {predictions: npz}
"""


def test_npz_classifier_run(capsys, tmp_path):
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "t.npz", x=rng.integers(0, 6, (80, 10)).astype(np.int8),
             y=rng.integers(0, 3, 80).astype(np.int64))
    (tmp_path / "tokens.yaml").write_text(TOKENS)
    ran = lstmspec(capsys, "run", str(tmp_path / "tokens.yaml"), "-q", "-o",
                   str(tmp_path / "out"))
    assert ran.code == 0, ran.err
    with np.load(tmp_path / "out" / "predictions.npz") as saved:
        assert saved["y_pred"].shape == (12, 3) and saved["y_true"].shape == (12,)
    assert (tmp_path / "out" / "learning_curve.png").is_file()
    assert not (tmp_path / "out" / "forecast.png").exists()


SYNTHETIC = """\
input: {shape: [5, 2]}
layers:
  - {type: LSTM, units: 3}
  - {type: RepeatVector, n: 2}
  - {type: LSTM, units: 3, return_sequences: true}
  - type: TimeDistributed
    layer: {type: Dense, units: 1}
compile: {optimizer: sgd, loss: huber}
data: {kind: synthetic, samples: 40}
train: {epochs: 1, early_stopping: {patience: 1}, reduce_lr: {patience: 1}}
output: {plots: false, tensorboard: true}
"""


def test_synthetic_smoke_run(capsys, tmp_path):
    (tmp_path / "smoke.yaml").write_text(SYNTHETIC)
    ran = lstmspec(capsys, "run", str(tmp_path / "smoke.yaml"), "-q", "-o", str(tmp_path / "o"))
    assert ran.code == 0, ran.err
    assert (tmp_path / "o" / "predictions.csv").is_file()
    assert not (tmp_path / "o" / "learning_curve.png").exists()
    assert any((tmp_path / "o" / "tensorboard").rglob("events.out.tfevents.*"))


def test_run_needs_compile_and_data(capsys, tmp_path):
    (tmp_path / "bare.yaml").write_text("input: {shape: [5, 2]}\nlayers:\n"
                                        "  - {type: LSTM, units: 3}\n")
    ran = lstmspec(capsys, "run", str(tmp_path / "bare.yaml"))
    assert ran.code == 1
    lines = ran.err.splitlines()
    assert len(lines) == 2 and "`compile:`" in lines[0] and "`data:`" in lines[1]
