"""Layers the model leaves out: a graph's layer on no path to an output is not in
keras.Model(inputs, outputs), so summary (text, JSON, drawing), the budget (LS501-LS503) and the
inference table count what the model holds, and show the others marked, with LS210 beside
them. Without TensorFlow; tests/test_graph_parity.py holds the same facts against real Keras
on generated graphs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from cli_support import check_golden, lstmspec

from lstmspec.inference.budget import Budget, estimate
from lstmspec.lint import lint_text

# The issue's graph: Keras holds only l2 (40 params); l0 feeds only l1, which goes nowhere.
ISSUE = """\
version: 1
inputs:
  past: {shape: [12, 4]}
layers:
  - {name: l0, type: AdditiveAttention, from: [past, past], use_scale: true}
  - {name: l1, type: Dense, units: 16, from: l0}
  - {name: l2, type: Dense, units: 8, from: past}
"""

# An encoder read only for its states and a layer read only as attention's key: both held.
STATES_AND_KEY = """\
inputs:
  past: {shape: [12, 4]}
  future: {shape: [6, 4]}
layers:
  - {name: enc, type: LSTM, units: 8, return_state: true, from: past}
  - {name: keys, type: Dense, units: 4, from: past}
  - {name: dec, type: LSTM, units: 8, return_sequences: true, from: future, initial_state: [enc.1, enc.2]}
  - {name: att, type: MultiHeadAttention, num_heads: 1, key_dim: 2, from: [dec, past, keys]}
  - {name: side, type: BatchNormalization, from: enc.0}
outputs: [att]
"""

SVG = "{http://www.w3.org/2000/svg}"


def triples(text: str, budget: Budget | None = None) -> set:
    result = lint_text(text, budget=budget) if budget else lint_text(text)
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics}


def test_the_table_says_which_layers_the_model_holds():
    inference = lint_text(ISSUE).inference
    assert [(i.name, i.in_model) for i in inference.layers] == [
        ("l0", False), ("l1", False), ("l2", True)]
    assert inference.totals() == (40, 40, 0)


def test_every_layer_left_out_gets_ls210():
    # l1 goes nowhere; l0 is read, but only by l1
    assert triples(ISSUE) == {("LS210", 5, 5), ("LS210", 6, 5)}


def test_layers_read_only_for_states_or_as_a_key_are_held():
    inference = lint_text(STATES_AND_KEY).inference
    assert {i.name: i.in_model for i in inference.layers} == {
        "enc": True, "keys": True, "dec": True, "att": True, "side": False}
    # BatchNormalization's 16 non-trainable params are side's: not the model's
    assert inference.totals()[2] == 0
    assert triples(STATES_AND_KEY) == {("LS210", 9, 5)}


def test_an_input_read_only_by_layers_left_out_is_ls124():
    text = ISSUE.replace("  past: {shape: [12, 4]}\n",
                         "  past: {shape: [12, 4]}\n  extra: {shape: [12, 4]}\n")
    text = text.replace("from: [past, past]", "from: [extra, extra]")
    assert triples(text) == {("LS124", 4, 3)}


def test_summary_json_counts_the_model_and_marks_the_rows(tmp_path, capsys):
    path = tmp_path / "issue.yaml"
    path.write_text(ISSUE)
    ran = lstmspec(capsys, "summary", "--format", "json", str(path))
    assert ran.code == 0
    doc = json.loads(ran.out)
    assert (doc["total_params"], doc["trainable_params"], doc["non_trainable_params"]) == (
        40, 40, 0)
    assert [(row["name"], row["params"], row["in_model"]) for row in doc["layers"]] == [
        ("l0", 4, False), ("l1", 80, False), ("l2", 40, True)]


def test_summary_text_shows_the_rows_left_out_and_explains_them(tmp_path, capsys):
    (tmp_path / "issue.yaml").write_text(ISSUE)
    ran = lstmspec(capsys, "summary", "--explain", "issue.yaml", cwd=tmp_path)
    assert ran.code == 0
    assert "Total params: 40 (160.00 B)" in ran.out.splitlines()
    check_golden("summary_left_out.txt", f"$ lstmspec summary --explain issue.yaml\n{ran.out}")


def test_the_budget_counts_what_the_model_holds():
    big = ISSUE.replace("units: 16, from: l0", "units: 100000, from: l0")
    result = lint_text(big)
    est = estimate(result.inference, result.model)
    assert est.params == 40
    # activations: the input (48 values) and l2's output (96) per sample; not l0's nor l1's
    assert est.activation_bytes == 32 * 4 * (48 + 96)
    budget = Budget(max_params=1000, max_memory=1024**2)
    assert triples(big, budget) == {("LS210", 5, 5), ("LS210", 6, 5)}


def test_a_slow_layer_left_out_is_still_slow_to_build():
    # Keras builds every layer a graph calls, held or not: the wait is real
    slow = ISSUE.replace("{name: l1, type: Dense, units: 16, from: l0}",
                         "{name: l1, type: LSTM, units: 2048, from: l0}")
    assert triples(slow) == {("LS210", 5, 5), ("LS210", 6, 5), ("LS503", 6, 5)}
    (finding,) = [d for d in lint_text(slow).diagnostics if d.code == "LS503"]
    assert "leaves it out" in finding.message and finding.fix is None


def test_the_drawing_greys_the_layers_left_out(tmp_path, capsys):
    path = tmp_path / "issue.yaml"
    path.write_text(ISSUE)
    ran = lstmspec(capsys, "summary", "--format", "svg", str(path))
    assert ran.code == 0
    root = ET.fromstring(ran.out)
    groups = {g.get("data-name"): g for g in root.iter(f"{SVG}g")}
    assert {name: g.get("class") for name, g in groups.items()} == {
        "past": "node input", "l0": "node left-out", "l1": "node left-out",
        "l2": "node layer"}
    assert groups["l1"].find(f"{SVG}title").text.startswith("LS210 ")
    edges = sorted(p.get("class") for p in root.iter(f"{SVG}path") if p.get("class"))
    # past->l0 twice (query, value) and l0->l1 greyed; past->l2 not
    assert edges == ["edge", "edge left-out", "edge left-out", "edge left-out"]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_stack_has_no_rows_left_out(tmp_path, capsys, fmt):
    path = tmp_path / "stack.yaml"
    path.write_text("input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 4}\n")
    ran = lstmspec(capsys, "summary", "--format", fmt, str(path))
    assert ran.code == 0 and "in_model" not in ran.out and "not in the model" not in ran.out


HEADS = """\
inputs:
  past: {shape: [12, 4]}
layers:
  - {name: enc, type: LSTM, units: 8, from: past}
  - {name: head, type: Dense, units: 1, activation: sigmoid, from: enc}
  - {name: probe, type: Dense, units: 1, activation: softmax, from: enc}
outputs: [head]
compile: {loss: binary_crossentropy}
"""


def test_the_output_rules_read_the_output_layer_not_a_later_one_left_out():
    # probe (softmax over one unit) is last but left out: the model outputs head's sigmoid
    assert triples(HEADS) == {("LS210", 6, 5)}
    swapped = HEADS.replace("activation: sigmoid", "activation: SOFTMAX").replace(
        "activation: softmax", "activation: sigmoid").replace("SOFTMAX", "softmax")
    assert triples(swapped) == {("LS210", 6, 5), ("LS407", 5, 53)}


@pytest.mark.parametrize("layer,held", [
    ("{name: side, type: LSTM, units: 8, recurrent_dropout: 0.2, from: past}", ("LS202", 4, 40)),
    ("{name: side, type: Embedding, input_dim: 10, output_dim: 4, from: past}", ("LS203", 2, 9)),
])
def test_a_layer_left_out_gets_ls210_not_the_warnings_about_its_training(layer, held):
    text = ("inputs:\n  past: {shape: [12, 4]}\nlayers:\n"
            f"  - {layer}\n  - {{name: head, type: Dense, units: 1, from: past}}\n"
            "outputs: [head]\n")
    assert triples(text) == {("LS210", 4, 5)}
    assert triples(text.replace("outputs: [head]", "outputs: [head, side]")) == {held}
