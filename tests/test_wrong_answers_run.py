"""Issue 9, the runner items, end to end on tiny data with real TensorFlow: predictions.csv of
a per-timestep classifier (item 1), `data.split` on an NPZ file with only x_train (item 2), a
stateful run that drops samples and shuffles (item 10), and a code on every error that `run`
prints (item 6)."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest
from cli_support import ROOT, lstmspec
from fix_texts import carry_out

from lstmspec.codes import CODES
from lstmspec.lint import lint_file

pytestmark = pytest.mark.tf

TAGGER = """\
input: {shape: [5, 2]}
layers:
  - {type: LSTM, units: 4, return_sequences: true}
  - type: TimeDistributed
    layer: {type: Dense, units: 3, activation: softmax}
compile: {loss: sparse_categorical_crossentropy, metrics: [accuracy]}
data: {kind: npz, path: tags.npz}
train: {epochs: 1, batch_size: 16}
output: {plots: false}
"""


def triples(path) -> set:
    return {(d.code, d.span.line, d.span.column) for d in lint_file(str(path)).diagnostics}


def test_1_per_timestep_classifier_predictions_name_a_class_per_position(capsys, tmp_path):
    """y (60, 5) integer tags, output (5, 3) probabilities: the CSV held y0..y4 and then
    y0_predicted..y14_predicted, the flattened probabilities under names of targets."""
    from lstmspec.runner.tf import import_keras

    rng = np.random.default_rng(0)
    x = rng.standard_normal((60, 5, 2)).astype(np.float32)
    y = rng.integers(0, 3, (60, 5))
    np.savez(tmp_path / "tags.npz", x=x, y=y)
    (tmp_path / "tagger.yaml").write_text(TAGGER)
    ran = lstmspec(capsys, "run", str(tmp_path / "tagger.yaml"), "-q", "-o",
                   str(tmp_path / "out"), "--device", "cpu")
    assert ran.code == 0, ran.err
    with open(tmp_path / "out" / "predictions.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], np.array(rows[1:], dtype=float)
    assert header == [f"label_{p}" for p in range(5)] + \
        [f"predicted_class_{p}" for p in range(5)] + \
        [f"probability_{p}_class_{k}" for p in range(5) for k in range(3)]
    model = import_keras().saving.load_model(str(tmp_path / "out" / "model.keras"), safe_mode=True)
    test_x, test_y = x[51:], y[51:]  # the last 9 of 60 (split 0.7 / 0.15 / rest)
    assert (body[:, :5] == test_y).all()
    assert (body[:, 5:10] == model.predict(test_x, verbose=0).argmax(axis=-1)).all()


PRESPLIT = """\
input: {shape: [6, 1]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse}
data:
  kind: npz
  path: parts.npz
  split: {train: 0.8, validation: 0.2}
train:
  epochs: 2
  early_stopping: {patience: 1}
output: {plots: false}
"""


def test_2_split_cuts_validation_from_x_train_when_the_file_has_none(capsys, tmp_path):
    rng = np.random.default_rng(1)
    np.savez(tmp_path / "parts.npz", x_train=rng.standard_normal((50, 6, 1)),
             y_train=rng.standard_normal((50, 1)), x_test=rng.standard_normal((10, 6, 1)),
             y_test=rng.standard_normal((10, 1)))
    config = tmp_path / "parts.yaml"
    config.write_text(PRESPLIT)
    assert triples(config) == set()  # LS414 said there was no validation part
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(tmp_path / "out"),
                   "--device", "cpu")
    assert ran.code == 0, ran.err
    assert "Data: npz -> 40 train, 10 validation, 10 test samples" in ran.out
    history = json.loads((tmp_path / "out" / "history.json").read_text())
    assert len(history["val_loss"]) >= 1


def test_2_without_a_split_ls414_gives_a_fix_that_works(tmp_path):
    rng = np.random.default_rng(0)  # values that vary: a constant feature is LS433
    np.savez(tmp_path / "parts.npz", x_train=rng.normal(size=(50, 6, 1)),
             y_train=rng.normal(size=(50, 1)))
    config = tmp_path / "parts.yaml"
    text = PRESPLIT.replace("  split: {train: 0.8, validation: 0.2}\n", "")
    config.write_text(text)
    [diag] = lint_file(str(config)).diagnostics
    assert (diag.code, diag.span.line, diag.span.column) == ("LS414", 11, 19)
    assert diag.fix == "set data.split: {train: 0.7, validation: 0.15, test: 0.15}"
    config.write_text(carry_out(text, diag))
    assert triples(config) == set()


def test_2_a_split_that_would_cut_nothing_is_ls416(tmp_path):
    rng = np.random.default_rng(0)  # values that vary: a constant feature is LS433
    np.savez(tmp_path / "parts.npz", x_train=rng.normal(size=(50, 6, 1)),
             y_train=rng.normal(size=(50, 1)), x_val=rng.normal(size=(10, 6, 1)),
             y_val=rng.normal(size=(10, 1)))
    config = tmp_path / "parts.yaml"
    config.write_text(PRESPLIT)
    assert triples(config) == {("LS416", 9, 3)}


STATEFUL = """\
input: {shape: [4, 1], batch_size: 4}
layers:
  - {type: LSTM, units: 3, stateful: true}
  - {type: Dense, units: 1}
compile: {loss: mse}
data: {kind: synthetic, samples: 50}
train: {epochs: 1}
output: {plots: false}
"""


def test_10_stateful_training_warns_and_says_what_it_drops(capsys, tmp_path):
    config = tmp_path / "stateful.yaml"
    config.write_text(STATEFUL)
    # parts 35 / 8 / 7 of 50 samples; batches of 4 drop 3 training and 3 test samples
    assert triples(config) == {("LS205", 7, 1), ("LS206", 1, 36)}
    assert [d.message.split(",")[0] for d in lint_file(str(config)).diagnostics
            if d.code == "LS206"] == ["the test part has 7 samples",
                                      "the train part has 35 samples"]
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(tmp_path / "out"),
                   "--device", "cpu")
    assert ran.code == 0, ran.err
    assert "dropped the last 3 of 35 training samples and the last 3 of 7 test samples" \
        in ran.out + ran.err
    assert "LS205" in ran.err  # the warning, printed before training


def test_6_a_run_error_carries_its_code(capsys, tmp_path):
    np.savez(tmp_path / "parts.npz", x=np.full((30, 6, 1), np.nan), y=np.zeros((30, 1)))
    config = tmp_path / "nan.yaml"
    config.write_text(PRESPLIT.replace("  split: {train: 0.8, validation: 0.2}\n", ""))
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(tmp_path / "out"))
    assert ran.code == 1
    assert re.search(r"nan\.yaml:1:1: LS418 \[error\] .*NaN", ran.err), ran.err


def test_6_every_code_the_docs_name_exists():
    """docs/core.md listed LS401, which `lstmspec rule LS401` did not know."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {code for path in files
             for code in re.findall(r"\bLS\d{3}\b", path.read_text(encoding="utf-8"))}
    assert named - set(CODES) == set()
