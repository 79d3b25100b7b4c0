"""`lstmspec run` of graphs end to end (in this process, 1 epoch each): the El Niño
encoder-decoder with two inputs fed from one NPZ array per input, and the residual
MultiHeadAttention classifier; plus the data checks of a model with several inputs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_support import ROOT, lstmspec

from lstmspec.lint import lint_file, lint_text

pytestmark = pytest.mark.tf
GRAPHS = ROOT / "examples" / "graphs"


@pytest.mark.parametrize("example,metric", [("encoder_decoder_elnino.yaml", "mae"),
                                            ("residual_mha_classifier.yaml", "accuracy")])
def test_a_graph_example_runs_end_to_end(capsys, tmp_path, example, metric):
    out = tmp_path / "run"
    ran = lstmspec(capsys, "run", str(GRAPHS / example), "-q", "-o", str(out),
                   "--set", "train.epochs=1")
    assert ran.code == 0, ran.err
    metrics = json.loads((out / "metrics.json").read_text())
    assert metric in json.dumps(metrics)
    # the run's resolved config is itself a valid graph config (inputs, from, initial_state)
    assert lint_file(str(out / "config.yaml")).ok


TWO_INPUTS = """\
inputs:
  past: {shape: [8, 2]}
  future: {shape: [3, 1]}
layers:
  - {name: enc, type: GRU, units: 4, return_state: true, from: past}
  - {name: dec, type: GRU, units: 4, return_sequences: true, from: future, initial_state: [enc.1]}
  - {type: TimeDistributed, layer: {type: Dense, units: 1}}
compile: {optimizer: adam, loss: mse}
data: {kind: npz, path: d.npz}
"""


def triples(path) -> set:
    return {(d.code, d.span.line, d.span.column) for d in lint_file(str(path)).diagnostics}


def test_several_inputs_need_one_array_each(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(TWO_INPUTS)
    np.savez(tmp_path / "d.npz", past=np.zeros((20, 8, 2)), y=np.zeros((20, 3, 1)))
    assert triples(config) == {("LS131", 9, 25)}
    np.savez(tmp_path / "d.npz", past=np.zeros((20, 8, 2)), future=np.zeros((20, 4, 1)),
             y=np.zeros((20, 3, 1)))
    assert triples(config) == {("LS131", 3, 19)}
    np.savez(tmp_path / "d.npz", past=np.zeros((20, 8, 2)), future=np.zeros((20, 3, 1)),
             y=np.zeros((20, 3, 1)))
    assert triples(config) == set()


def test_several_inputs_from_csv_need_data_inputs():
    text = TWO_INPUTS.replace("{kind: npz, path: d.npz}",
                              "{kind: csv, path: d.csv, features: [a], targets: [a]}")
    assert {(d.code, d.span.line) for d in lint_text(text).diagnostics} == {("LS131", 9),
                                                                           ("LS402", 9)}


CSV_INPUTS = TWO_INPUTS.replace("data: {kind: npz, path: d.npz}", """\
data:
  kind: csv
  path: s.csv
  features: [v, season]
  targets: [v]
  horizon: 3
  inputs:
    past: {columns: [v, season]}
    future: {columns: [season], rows: future}
train: {epochs: 1, batch_size: 8}""")
SERIES = "v,season\n" + "".join(f"{(i * 7) % 11},{i % 4}\n" for i in range(60))


def test_past_values_and_known_future_covariates_from_one_csv(capsys, tmp_path):
    (tmp_path / "s.csv").write_text(SERIES)
    config = tmp_path / "c.yaml"
    config.write_text(CSV_INPUTS)
    assert triples(config) == set()
    ran = lstmspec(capsys, "run", str(config), "-q", "-o", str(tmp_path / "out"))
    assert ran.code == 0, ran.err
    # 60 rows, window 8, horizon 3: 50 samples; the decoder's input is the forecast rows
    assert "past (8, 2), future (3, 1)" in capsys.readouterr().out + ran.out


@pytest.mark.parametrize("old,new,expected", [
    ("future: {columns: [season], rows: future}", "future: {columns: [season]}",
     {("LS131", 3, 19)}),
    ("future: {columns: [season], rows: future}", "future: {columns: [day], rows: future}",
     {("LS131", 17, 23)}),
    ("    future: {columns: [season], rows: future}\n", "", {("LS131", 16, 5)}),
])
def test_data_inputs_are_checked(tmp_path, old, new, expected):
    (tmp_path / "s.csv").write_text(SERIES)
    config = tmp_path / "c.yaml"
    config.write_text(CSV_INPUTS.replace(old, new))
    assert triples(config) == expected


def test_output_export_of_several_inputs_lints_clean(tmp_path):
    """The export check feeds each input its windows (test_several_inputs_use.py exports
    such a run and runs it in onnxruntime)."""
    (tmp_path / "s.csv").write_text(SERIES)
    config = tmp_path / "c.yaml"
    config.write_text(CSV_INPUTS.rstrip("\n") + "\noutput: {export: [onnx]}\n")
    assert triples(config) == set()
