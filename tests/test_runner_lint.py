"""The runner sections in `lint` (no TensorFlow): schema errors, and each LS4xx check pinned by
(code, line, column) on a failing config, with its passing twin linting clean."""

from __future__ import annotations

import numpy as np
import pytest

from lstmspec.lint import lint_file

pytestmark = pytest.mark.tf

HEADER = "year,a,b\n" + "".join(f"{i},{i % 7}.5,{i % 3}\n" for i in range(1, 41))
CSV_MODEL = """\
input: {shape: [8, 2]}
layers:
  - {type: LSTM, units: 4}
  - {type: Dense, units: 1}
compile: {loss: mse, metrics: [mae]}
data:
  kind: csv
  path: s.csv
  features: [a, b]
  targets: [a]
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "s.csv").write_text(HEADER)
    rng = np.random.default_rng(0)
    np.savez(tmp_path / "tokens.npz", x=rng.integers(0, 9, (30, 12)).astype(np.int32),
             y=rng.integers(0, 5, 30).astype(np.int8))
    np.savez(tmp_path / "floats.npz", x=rng.standard_normal((30, 12)).astype(np.float32),
             y=rng.integers(0, 2, 30).astype(np.int8))
    # values that vary: a constant feature is a finding of its own (LS433)
    np.savez(tmp_path / "series.npz", x=rng.standard_normal((30, 10, 3)).astype(np.float32),
             y=rng.standard_normal((30, 1)).astype(np.float32))
    np.savez(tmp_path / "no_y.npz", x=rng.integers(0, 9, (30, 12)).astype(np.int32))
    np.savez(tmp_path / "objects.npz", x=np.array([{"a": 1}] * 3, dtype=object),
             y=np.zeros(3))
    return tmp_path


def triples(folder, text: str) -> set:
    path = folder / "config.yaml"
    path.write_text(text)
    result = lint_file(str(path))
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics}


def test_runner_sections_lint_clean(folder):
    assert triples(folder, CSV_MODEL) == set()


@pytest.mark.parametrize("old, new, expected", [
    ("loss: mse", "loss: msee", {("LS304", 5, 17)}),
    ("compile: {loss", "compile: {optimizer: {name: adam, momentum: 0.9}, loss",
     {("LS304", 5, 45)}),
    ("compile: {loss", "compile: {optimizer: {name: sgd, lr: 0.1}, loss", {("LS301", 5, 34)}),
    ("compile: {loss", "compile: {optimizer: {name: sgd, clipnorm: 1.0, clipvalue: 1.0}, loss",
     {("LS105", 5, 22)}),
    ("  targets: [a]\n", "  targets: [a]\n  samples: 10\n", {("LS304", 11, 12)}),
    ("  kind: csv\n  path: s.csv\n", "  kind: csv\n", {("LS304", 7, 3)}),
    ("  targets: [a]\n", "  targets: [a]\n  split: {train: 0.9, validation: 0.2}\n",
     {("LS304", 11, 10)}),
    ("  targets: [a]\n", "  targets: [a]\ntrain: {epochs: 0, jit_compile: yes}\n",
     {("LS304", 11, 17), ("LS304", 11, 33)}),
    ("  targets: [a]\n", "  targets: [a]\ntrain: {early_stopping: {patiense: 3}}\n",
     {("LS301", 11, 26)}),
])
def test_section_schema_errors(folder, old, new, expected):
    assert triples(folder, CSV_MODEL.replace(old, new)) == expected


def test_ls402_data_file_missing(folder):
    assert triples(folder, CSV_MODEL.replace("path: s.csv", "path: nope.csv")) == \
        {("LS402", 8, 9)}


def test_ls403_column_missing_with_suggestion(folder):
    text = CSV_MODEL.replace("features: [a, b]", "features: [a, bb]").replace(
        "targets: [a]", "targets: [A]\n  time: yeer")
    assert triples(folder, text) == {("LS403", 9, 17), ("LS403", 10, 13), ("LS403", 11, 9)}


def test_ls404_window_differs_from_input(folder):
    text = CSV_MODEL.replace("targets: [a]", "targets: [a]\n  window: 6")
    assert triples(folder, text) == {("LS404", 11, 11)}
    assert triples(folder, text.replace("window: 6", "window: 8")) == set()


def test_ls405_feature_count(folder):
    assert triples(folder, CSV_MODEL.replace("features: [a, b]", "features: [a]")) == \
        {("LS405", 9, 13)}


def test_ls406_return_sequences_left_true(folder):
    text = CSV_MODEL.replace("units: 4}", "units: 4, return_sequences: true}")
    assert triples(folder, text) == {("LS406", 3, 46)}


def test_ls406_head_of_wrong_size(folder):
    text = CSV_MODEL.replace("{type: Dense, units: 1}", "{type: Dense, units: 3}")
    assert triples(folder, text) == {("LS406", 4, 26)}
    assert triples(folder, text.replace("targets: [a]", "targets: [a]\n  horizon: 3")) == set()


def test_ls406_npz_targets(folder):
    text = CSV_MODEL.replace("[8, 2]", "[10, 3]").replace(
        "data:\n  kind: csv\n  path: s.csv\n  features: [a, b]\n  targets: [a]\n",
        "data: {kind: npz, path: series.npz}\n")
    assert triples(folder, text) == set()
    text = text.replace("{type: Dense, units: 1}", "{type: Dense, units: 2}")
    assert triples(folder, text) == {("LS406", 4, 26)}


CLASSIFIER = """\
input: {shape: [12], dtype: int32}
layers:
  - {type: Embedding, input_dim: 10, output_dim: 4}
  - {type: LSTM, units: 4}
  - {type: Dense, units: 5, activation: softmax}
compile: {loss: sparse_categorical_crossentropy, metrics: [accuracy]}
data: {kind: npz, path: tokens.npz}
"""


def test_classifier_lints_clean(folder):
    assert triples(folder, CLASSIFIER) == set()


def test_ls406_integer_labels_for_one_hot_loss(folder):
    text = CLASSIFIER.replace("loss: sparse_categorical_crossentropy",
                              "loss: categorical_crossentropy")
    assert triples(folder, text) == {("LS406", 6, 17)}


def test_softmax_over_one_unit_with_a_loss_is_ls407_not_ls204(folder):
    # a bare stack keeps the warning LS204 (Keras builds it); with a compile section the pair
    # cannot learn (issue 9, item 4: it trained to chance accuracy), so it is an error
    text = CLASSIFIER.replace("units: 5, activation: softmax", "units: 1, activation: softmax")
    text = text.replace("sparse_categorical_crossentropy", "binary_crossentropy")
    text = text.replace("[accuracy]", "[binary_accuracy]")
    assert triples(folder, text) == {("LS407", 5, 41), ("LS409", 6, 17)}


def test_ls407_binary_crossentropy_on_softmax(folder):
    text = CLASSIFIER.replace("sparse_categorical_crossentropy", "binary_crossentropy")
    assert ("LS407", 6, 17) in triples(folder, text)


def test_ls407_sparse_categorical_on_one_unit(folder):
    text = CLASSIFIER.replace("units: 5, activation: softmax", "units: 1, activation: sigmoid")
    assert ("LS407", 6, 17) in triples(folder, text)


def test_ls408_embedding_on_float_data(folder):
    assert triples(folder, CLASSIFIER.replace("tokens.npz", "floats.npz")) >= \
        {("LS408", 7, 25)}


def test_ls408_embedding_on_csv(folder):
    text = CSV_MODEL.replace("input: {shape: [8, 2]}", "input: {shape: [8, 2], dtype: int32}")
    text = text.replace("  - {type: LSTM, units: 4}\n",
                        "  - {type: Embedding, input_dim: 9, output_dim: 2}\n"
                        "  - {type: Reshape, target_shape: [8, 4]}\n  - {type: LSTM, units: 4}\n")
    assert ("LS408", 9, 9) in triples(folder, text)


def test_ls409_labels_beyond_the_last_unit(folder):
    text = CLASSIFIER.replace("units: 5, activation: softmax", "units: 4, activation: softmax")
    assert triples(folder, text) == {("LS409", 5, 26)}


def test_ls409_binary_loss_on_many_labels(folder):
    text = CLASSIFIER.replace("units: 5, activation: softmax", "units: 1, activation: sigmoid")
    text = text.replace("sparse_categorical_crossentropy", "binary_crossentropy")
    text = text.replace("[accuracy]", "[binary_accuracy]")
    assert triples(folder, text) == {("LS409", 6, 17)}


def test_ls410_batch_size_mismatch(folder):
    text = CSV_MODEL.replace("[8, 2]}", "[8, 2], batch_size: 4}") + "train: {batch_size: 8}\n"
    assert triples(folder, text) == {("LS410", 11, 21)}


def test_ls411_unusable_npz(folder):
    text = CLASSIFIER.replace("tokens.npz", "objects.npz")
    assert triples(folder, text) == {("LS411", 7, 25)}
    assert triples(folder, CLASSIFIER.replace("tokens.npz", "no_y.npz")) == {("LS411", 7, 25)}
    (folder / "text.npz").write_text("not a zip")
    assert triples(folder, CLASSIFIER.replace("tokens.npz", "text.npz")) == {("LS411", 7, 25)}


def test_ls412_crossentropy_on_linear_output(folder):
    text = CLASSIFIER.replace("units: 5, activation: softmax", "units: 5")
    assert triples(folder, text) == {("LS412", 5, 5)}


def test_ls413_too_few_rows(folder):
    (folder / "short.csv").write_text(HEADER[:HEADER.index("\n9,") + 1])  # 8 data rows
    assert triples(folder, CSV_MODEL.replace("s.csv", "short.csv")) == {("LS413", 8, 9)}
    text = CSV_MODEL.replace("targets: [a]", "targets: [a]\n  horizon: 3\n  split: {train: "
                             "0.95, validation: 0.05}")  # 2 validation rows < 3 targets
    text = text.replace("units: 1}", "units: 3}")
    assert triples(folder, text) == {("LS413", 12, 36)}


def test_ls414_monitor(folder):
    text = CSV_MODEL + "train: {early_stopping: {monitor: val_acc}}\n"
    assert triples(folder, text) == {("LS414", 11, 35)}
    text = CSV_MODEL.replace("targets: [a]", "targets: [a]\n  split: {train: 0.8, validation: 0}")
    assert triples(folder, text + "train: {reduce_lr: {}}\n") == {("LS414", 12, 20)}


def test_ls415_binary_metric_on_softmax(folder):
    text = CLASSIFIER.replace("[accuracy]", "[accuracy, auc]")
    assert triples(folder, text) == {("LS415", 6, 70)}


def test_synthetic_data_needs_no_file(folder):
    text = CLASSIFIER.replace("{kind: npz, path: tokens.npz}", "{kind: synthetic, samples: 64}")
    assert triples(folder, text) == set()
