"""A graph with several outputs in `run`: NPZ data with one target array per output
(`y_<reference>`), checked by lint (LS132, located) before anything is loaded; trained end to
end (1 epoch) with the metrics of each output equal to Keras's own evaluate of model.keras."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from cli_support import ROOT, lstmspec

from lstmspec.lint import lint_file, lint_text

pytestmark = pytest.mark.tf
sys.path.insert(0, str(ROOT / "examples" / "data"))
from make_two_heads import make  # noqa: E402

TWO_HEADS = """\
input: {shape: [8, 2]}
layers:
  - {name: enc, type: GRU, units: 4, return_state: true}
  - {name: head, type: Dense, units: 3, from: enc.0}
outputs: [head, enc.1]
compile: {optimizer: adam, loss: mse}
data: {kind: npz, path: d.npz}
"""


def triples(path) -> set:
    return {(d.code, d.span.line, d.span.column) for d in lint_file(str(path)).diagnostics}


def test_each_output_needs_its_target_array_in_its_shape(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(TWO_HEADS)
    x = np.random.default_rng(0).normal(size=(20, 8, 2))  # not constant: LS433 would warn
    np.savez(tmp_path / "d.npz", x=x, y_head=np.zeros((20, 3)))
    assert triples(config) == {("LS132", 7, 25)}  # no y_enc.1: on data.path
    np.savez(tmp_path / "d.npz", x=x, y_head=np.zeros((20, 3)), **{"y_enc.1": np.zeros((20, 5))})
    assert triples(config) == {("LS132", 5, 17)}  # enc.1 is (None, 4): on that output
    np.savez(tmp_path / "d.npz", x=x, y=np.zeros((20, 3)), y_train=np.zeros((20, 3)))
    assert triples(config) == {("LS132", 7, 25)}  # x_train/y_train parts: not read yet
    np.savez(tmp_path / "d.npz", x=x, y_head=np.zeros((20, 3)), **{"y_enc.1": np.zeros((20, 4))})
    assert triples(config) == set()
    config.write_text(TWO_HEADS + "output: {export: [onnx]}\n")  # each output checked
    assert triples(config) == set()


def test_several_outputs_from_csv_or_synthetic_data_are_refused_with_a_fix_that_works():
    synthetic = TWO_HEADS.replace("{kind: npz, path: d.npz}", "{kind: synthetic}")
    assert {(d.code, d.span.line, d.span.column)
            for d in lint_text(synthetic).diagnostics} == {("LS132", 5, 10)}
    fixed = synthetic.replace("outputs: [head, enc.1]", "outputs: [head]")
    assert lint_text(fixed).ok
    whole = synthetic.replace("outputs: [head, enc.1]", "outputs: [enc]")  # enc: 2 tensors
    assert {(d.code, d.span.line) for d in lint_text(whole).diagnostics} == {
        ("LS132", 5), ("LS210", 4)}  # LS210: head now goes nowhere


def test_two_heads_train_with_the_metrics_of_each_output_as_keras_computes_them(capsys,
                                                                                tmp_path):
    make(str(tmp_path / "two_heads.npz"), samples=120)
    config = tmp_path / "two_heads.yaml"
    config.write_text((ROOT / "examples" / "graphs" / "two_heads.yaml").read_text()
                      .replace("../data/two_heads.npz", "two_heads.npz"))
    out = tmp_path / "run"
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(out), "--set", "train.epochs=1")
    assert ran.code == 0, ran.err
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["split"] == "test" and metrics["samples"] == 18
    assert set(metrics["per_output"]) == {"total", "peak"}

    import keras

    model = keras.saving.load_model(str(out / "model.keras"))
    with np.load(tmp_path / "two_heads.npz") as arrays:
        x, targets = arrays["x"][102:], [arrays["y_total"][102:], arrays["y_peak"][102:]]
    model.compile(loss="mse", metrics=[["mae"], ["mae"]])
    want = model.evaluate(x, targets, batch_size=32, verbose=0, return_dict=True)
    for ref in ("total", "peak"):
        for name in ("loss", "mae"):
            assert metrics["per_output"][ref][name] == pytest.approx(want[f"{ref}_{name}"],
                                                                     rel=1e-5)
    assert metrics["loss"] == pytest.approx(want["loss"], rel=1e-5)
    predicted = model.predict(x, verbose=0)
    lines = (out / "predictions.csv").read_text().splitlines()
    assert lines[0] == "total/y0,total/y0_predicted,peak/y0,peak/y0_predicted"
    first = [float(v) for v in lines[1].split(",")]
    assert first == pytest.approx([targets[0][0, 0], predicted[0][0, 0], targets[1][0, 0],
                                   predicted[1][0, 0]], rel=1e-5)
    prep = json.loads((out / "preparation.json").read_text())
    assert prep["outputs"] == {"total": [1], "peak": [1]}
    again = lstmspec(capsys, "predict", str(out))  # test_several_inputs_use.py: the values
    assert again.code == 0, again.err
    assert again.out.splitlines()[0] == lines[0]


def test_two_outputs_of_one_layer_are_refused_and_the_fix_works(tmp_path):
    """Keras names an output's metrics after its layer: enc.0 and enc.1 would share
    `enc_loss` (measured: Keras 3.15 reports one of the two losses under it)."""
    config = tmp_path / "c.yaml"
    config.write_text(TWO_HEADS.replace("[head, enc.1]", "[enc.0, enc.1]")
                      .replace("  - {name: head, type: Dense, units: 3, from: enc.0}\n", ""))
    x = np.random.default_rng(0).normal(size=(20, 8, 2))  # not constant: LS433 would warn
    np.savez(tmp_path / "d.npz", x=x, **{"y_enc.0": np.zeros((20, 4)),
                                         "y_enc.1": np.zeros((20, 4))})
    assert triples(config) == {("LS132", 4, 18)}
    config.write_text(config.read_text().replace("[enc.0, enc.1]", "[enc.0, enc_out]").replace(
        "return_state: true}\n", "return_state: true}\n  - {name: enc_out, type: Activation, "
        "activation: linear, from: enc.1}\n"))
    np.savez(tmp_path / "d.npz", x=x, **{"y_enc.0": np.zeros((20, 4)),
                                         "y_enc_out": np.zeros((20, 4))})
    assert triples(config) == set()
