"""`lstmspec run` of graphs end to end (in this process, 1 epoch each): the El Niño
encoder-decoder with two inputs fed from one NPZ array per input, and the residual
MultiHeadAttention classifier; plus the data checks of a model with several inputs."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_support import ROOT, lstmspec

from lstmspec.lint import lint_file, lint_text

pytestmark = pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning")
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


def test_several_inputs_refuse_csv_data():
    text = TWO_INPUTS.replace("{kind: npz, path: d.npz}",
                              "{kind: csv, path: d.csv, features: [a], targets: [a]}")
    assert {(d.code, d.span.line) for d in lint_text(text).diagnostics} == {("LS131", 9), ("LS402", 9)}
