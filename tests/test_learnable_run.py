"""The runner's side of issue 20, on UEA JapaneseVowels (examples/data/japanese_vowels.npz,
stored sorted by speaker): the stratified and shuffled parts are lint's, sample for sample;
class names in predictions.csv, predict and evaluate; per-class scores and the confusion
matrix in metrics.json (and confusion_matrix.png); train.class_weight; synthetic targets
inside the head's range; an unused object array never refuses the file."""

from __future__ import annotations

import csv
import json
import shutil

import numpy as np
import pytest
from cli_support import ROOT, lstmspec

from lstmspec.datafacts.sampling import split_indices
from lstmspec.lint import lint_text

pytestmark = pytest.mark.tf

CONFIG = """\
name: vowels
input: {shape: [29, 12]}
layers:
  - {type: Masking, mask_value: 0.0}
  - {type: LSTM, units: 16}
  - {type: Dense, units: 9, activation: softmax}
compile: {loss: sparse_categorical_crossentropy, metrics: [accuracy]}
data:
  kind: npz
  path: japanese_vowels.npz
  split: {train: 0.7, validation: 0.15, test: 0.15, stratify: true, shuffle: true}
train: {epochs: 2, batch_size: 32, seed: 3, class_weight: balanced}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    found = tmp_path_factory.mktemp("vowels")
    shutil.copy(ROOT / "examples" / "data" / "japanese_vowels.npz", found)
    (found / "model.yaml").write_text(CONFIG, encoding="utf-8")
    return found


def loaded(folder, text: str):
    from lstmspec.runner.data import load
    from lstmspec.runner.run import with_defaults

    result = lint_text(text, str(folder / "model.yaml"))
    assert result.ok, result.diagnostics
    model = with_defaults(result.model)
    return load(model, [i.spec for i in result.inference.layers], str(folder / "model.yaml"),
                result.inference.output[0]), model


@pytest.mark.parametrize("split", ["{stratify: true}", "{shuffle: true}",
                                   "{stratify: true, shuffle: true}"])
def test_the_runner_cuts_the_parts_lint_checked(folder, split):
    text = CONFIG.replace("{train: 0.7, validation: 0.15, test: 0.15, stratify: true, "
                          "shuffle: true}", split)
    dataset, model = loaded(folder, text)
    labels = np.load(folder / "japanese_vowels.npz")["y"].tolist()
    want = split_indices(270, (0.7, 0.15, 0.15), model.data.split.shuffle,
                         model.data.split.stratify, 3, labels)
    for part, indices in want.items():
        assert dataset.samples[part].tolist() == list(indices)
        assert dataset.y[part].tolist() == [labels[i] for i in indices]
    if "stratify" in split:
        for part in want:
            assert set(dataset.y[part].tolist()) == set(range(9))


def test_a_classifier_run_names_its_classes_and_scores_each(capsys, folder):
    ran = lstmspec(capsys, "run", str(folder / "model.yaml"), "-o", str(folder / "run"))
    assert ran.code == 0, ran.err
    run = folder / "run"
    assert (run / "confusion_matrix.png").stat().st_size > 1000
    metrics = json.loads((run / "metrics.json").read_text())
    scores = metrics["classification"]
    names = [f"speaker {k}" for k in range(1, 10)]
    assert scores["classes"] == names and list(scores["per_class"]) == names
    matrix = np.array(scores["confusion_matrix"])
    assert matrix.shape == (9, 9) and matrix.sum() == metrics["samples"]
    assert [scores["per_class"][n]["support"] for n in names] == matrix.sum(axis=1).tolist()
    assert abs(scores["accuracy"] - metrics["accuracy"]) < 1e-6  # Keras's, on the same part
    assert "speaker 1" in ran.out and "confusion matrix" in ran.out
    with open(run / "predictions.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["sample", "label", "predicted_class"]
    assert rows[0][3:] == [f"probability_class_{n}" for n in names]
    assert {r[1] for r in rows[1:]} == set(names) and {r[2] for r in rows[1:]} <= set(names)
    test_part = split_indices(270, (0.7, 0.15, 0.15), True, True, 3,
                              np.load(folder / "japanese_vowels.npz")["y"].tolist())["test"]
    assert [int(r[0]) for r in rows[1:]] == list(test_part)
    # predict and evaluate on new data write the same names
    predicted = lstmspec(capsys, "predict", str(run), "--data",
                         str(folder / "japanese_vowels.npz"), "-o", str(folder / "p.csv"))
    assert predicted.code == 0, predicted.err
    lines = (folder / "p.csv").read_text().splitlines()
    assert lines[0] == "label,predicted_class" and lines[1].startswith("speaker 1,speaker ")
    evaluated = lstmspec(capsys, "evaluate", str(run), "--data",
                         str(folder / "japanese_vowels.npz"), "--format", "json")
    assert evaluated.code == 0, evaluated.err
    assert json.loads(evaluated.out)["classification"]["classes"] == names
    # without --data: the run's own test part, cut as training cut it (stratified, shuffled)
    own = lstmspec(capsys, "evaluate", str(run), "--format", "json")
    assert own.code == 0, own.err
    assert json.loads(own.out)["classification"]["confusion_matrix"] == \
        scores["confusion_matrix"]


def test_balanced_class_weights():
    from lstmspec.runner.data.dataset import Dataset
    from lstmspec.runner.run import with_defaults
    from lstmspec.runner.training.fit import class_weights

    model = with_defaults(lint_text(
        "input: {shape: [2, 1]}\nlayers:\n  - {type: LSTM, units: 2}\n"
        "  - {type: Dense, units: 3, activation: softmax}\n"
        "compile: {loss: sparse_categorical_crossentropy}\ndata: {kind: synthetic}\n"
        "train: {class_weight: balanced}\n", "m.yaml").model)
    dataset = Dataset({"train": None}, {"train": np.array([0, 0, 0, 1])}, classes=("a", "b", "c"))
    assert class_weights(model, dataset) == {0: 4 / 9, 1: 4 / 3, 2: 1.0}
    named = model.model_copy(update={"train": model.train.model_copy(
        update={"class_weight": {"b": 5.0, "2": 0.5}})})
    assert class_weights(named, dataset) == {0: 1.0, 1: 5.0, 2: 0.5}


@pytest.mark.parametrize("activation, low, high", [("sigmoid", 0.0, 1.0),
                                                   ("relu", 0.0, float("inf")),
                                                   ("tanh", -1.0, 1.0)])
def test_synthetic_targets_lie_inside_the_head(tmp_path, activation, low, high):
    text = ("input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 3}\n"
            f"  - {{type: Dense, units: 2, activation: {activation}}}\n"
            "compile: {loss: mse}\ndata: {kind: synthetic, samples: 200}\n")
    dataset, _ = loaded(tmp_path, text)
    y = np.concatenate([dataset.y[p] for p in dataset.y])
    assert low <= y.min() and y.max() <= high
    assert y.std() > 0.01  # they vary: something to learn


def test_an_unused_object_array_never_refuses_the_file(tmp_path):
    """numpy.savez of a dict with an object array beside x and y: lint and run read x, y and
    the text `classes`; the object array is never loaded (it would need pickle)."""
    x = np.random.default_rng(0).standard_normal((30, 4, 2)).astype(np.float32)
    np.savez(tmp_path / "d.npz", x=x, y=np.arange(30) % 3, classes=np.array(["a", "b", "c"]),
             notes=np.array([{"source": "lab"}], dtype=object))
    text = ("input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 3}\n"
            "  - {type: Dense, units: 3, activation: softmax}\n"
            "compile: {loss: sparse_categorical_crossentropy}\n"
            "data: {kind: npz, path: d.npz}\n")
    dataset, _ = loaded(tmp_path, text)
    assert dataset.classes == ("a", "b", "c") and dataset.size("train") == 21
